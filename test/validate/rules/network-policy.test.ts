// NetworkPolicy (tools/validate/rules/network-policy.ts), by inventory id, with the API server's field errors.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();

function verdicts(change: (spec: any) => void): string[] {
  const object: any = structuredClone(validExamples.NetworkPolicy);
  change(object.spec);
  return verdictsOn(validator, object);
}

const port = 'spec.ingress[0].ports[0]';
const peer = 'spec.ingress[0].from[0]';
const cases: Array<[string, (spec: any) => void, string[]]> = [
  ['networking.ValidateNetworkPolicyPort.5: a named port with endPort', (s) => { s.ingress[0].ports = [{ port: 'https', endPort: 8443 }]; },
    [`${port}.endPort: Invalid value: 8443: may not be specified when \`port\` is non-numeric`]],
  ['networking.ValidateNetworkPolicyPort.7: endPort without port', (s) => { s.ingress[0].ports = [{ endPort: 8443 }]; },
    [`${port}.endPort: Invalid value: 8443: may not be specified when \`port\` is not specified`]],
  ['networking.ValidateNetworkPolicyPort.3: endPort below port (upstream reports port\'s value)', (s) => { s.ingress[0].ports = [{ port: 9000, endPort: 8443 }]; },
    [`${port}.endPort: Invalid value: 9000: must be greater than or equal to \`port\``]],
  ['networking.ValidateNetworkPolicyPort.2 and .4: ports out of range', (s) => { s.ingress[0].ports = [{ port: 0, endPort: 70000 }]; },
    [`${port}.port: Invalid value: 0: must be between 1 and 65535, inclusive`, `${port}.endPort: Invalid value: 70000: must be between 1 and 65535, inclusive`]],
  ['networking.ValidateNetworkPolicyPort.6: a port name that is no IANA_SVC_NAME', (s) => { s.ingress[0].ports = [{ port: 'https--x' }]; },
    [`${port}.port: Invalid value: "https--x": must not contain consecutive hyphens`]],
  ['networking.ValidateIPBlock.4: an except outside its cidr', (s) => { s.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24', '10.0.0.0/16', '10.0.5.0/24'] } }]; },
    [`${peer}.ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of \`cidr\``,
      `${peer}.ipBlock.except[1]: Invalid value: "10.0.0.0/16": must be a strict subset of \`cidr\``]],
  ['networking.ValidateIPBlock.4: IPv6, and an IPv4 except in an IPv6 cidr', (s) => { s.ingress[0].from = [{ ipBlock: { cidr: 'fd00::/8', except: ['fd12::/16', '10.0.0.0/8', 'fe80::/16'] } }]; },
    [`${peer}.ipBlock.except[1]: Invalid value: "10.0.0.0/8": must be a strict subset of \`cidr\``, `${peer}.ipBlock.except[2]: Invalid value: "fe80::/16": must be a strict subset of \`cidr\``]],
  ['networking.ValidateIPBlock.2 and .3: CIDRs that do not parse', (s) => { s.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/33' } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0'] } }]; },
    [`${peer}.ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
      'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  ['networking.ValidateNetworkPolicyPeer.3: an empty peer', (s) => { s.ingress[0].from = [{}]; }, [`${peer}: Required value: must specify a peer`]],
  ['networking.ValidateNetworkPolicyPeer.4: ipBlock beside a selector', (s) => { s.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }]; },
    [`${peer}: Forbidden: may not specify both ipBlock and another peer`]],
  ['networking.ValidateNetworkPolicyPeer.1 and .2: peer selectors with a bad operator', (s) => {
    s.ingress[0].from = [{ podSelector: { matchExpressions: [{ key: 'a', operator: 'Near' }] }, namespaceSelector: { matchExpressions: [{ key: 'b', operator: 'Near' }] } }];
  }, [`${peer}.podSelector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator`,
    `${peer}.namespaceSelector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator`]],
  ['networking.ValidateNetworkPolicySpec.1: a podSelector In without values', (s) => { s.podSelector = { matchExpressions: [{ key: 'app', operator: 'In' }] }; },
    ['spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is \'In\' or \'NotIn\'']],
  ['networking.ValidateNetworkPolicySpec.2: three policyTypes', (s) => { s.policyTypes = ['Ingress', 'Egress', 'Ingress']; },
    ['spec.policyTypes: Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes']],
  ['networking.ValidateIPBlock.1: an empty cidr', (s) => { s.ingress[0].from = [{ ipBlock: { cidr: '' } }]; }, [`${peer}.ipBlock.cidr: Required value`]],
];

describe('NetworkPolicy rules give the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(verdicts(change)).toEqual(expected);
  });

  test('accepted: networking.ValidateIPBlock.4 with an except strictly inside its cidr, a numeric port range', () => {
    expect(verdicts((s) => { s.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }]; s.ingress[0].ports = [{ port: 8000, endPort: 9000 }]; })).toEqual([]);
  });

  test('accepted: networking.ValidateIPBlock.2, .3 and .4 read CIDRs sloppily (host bits, leading zeros, IPv4-mapped, a long hex group)', () => {
    expect(verdicts((s) => {
      s.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.1/8', except: ['010.1.0.0/16'] } }, { ipBlock: { cidr: '::ffff:10.0.0.0/104', except: ['::ffff:10.1.0.0/112'] } },
        { ipBlock: { cidr: 'fd00::/8', except: ['fd00:00001::/32'] } }];
    })).toEqual([]);
  });
});
