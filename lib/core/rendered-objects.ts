import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/** The id of the app's child that holds the rendered objects of the synth under way. */
const RENDERED_OBJECTS_ID = 'BackendMtlsRenderedObjects';

/**
 * The rendered JSON of each ApiObject of an app for the length of one synth, so the checks that read rendered objects
 * (the wiring index, the front's Pod Security check) and the writer render each object once. It holds anything only
 * while a synth that opened it ({@link RenderedObjects.during}) runs, when no code changes the tree; outside that
 * window every read renders afresh, so a tree changed between two synths is never read stale.
 */
export class RenderedObjects extends Construct {
  /**
   * Runs `work` (validate, then render) with each ApiObject of `app` rendered at most once. The app must not change
   * while `work` runs: what an object rendered to first is what every later read gets.
   */
  public static during<T>(app: IConstruct, work: () => T): T {
    const existing = app.node.tryFindChild(RENDERED_OBJECTS_ID);
    const memo = existing instanceof RenderedObjects ? existing : new RenderedObjects(app);
    if (memo.open) return work();
    memo.open = true;
    try {
      return work();
    } finally {
      memo.open = false;
      memo.json.clear();
    }
  }

  /** The object as `apiObject.toJson()` renders it; rendered once while a synth holds the app's rendered objects. */
  public static jsonOf(apiObject: ApiObject): any {
    const memo = apiObject.node.root.node.tryFindChild(RENDERED_OBJECTS_ID);
    if (!(memo instanceof RenderedObjects) || !memo.open) return apiObject.toJson();
    let json = memo.json.get(apiObject);
    if (json === undefined) {
      json = apiObject.toJson();
      memo.json.set(apiObject, json);
    }
    return json;
  }

  private readonly json = new Map<ApiObject, any>();
  private open = false;

  private constructor(app: IConstruct) {
    super(app as Construct, RENDERED_OBJECTS_ID);
  }
}
