// v1 Service (tools/validate/rules/service.ts), by inventory id, with the API server's field errors and warnings.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();

function verdicts(change: (spec: any, object: any) => void): string[] {
  const object: any = structuredClone(validExamples.Service);
  change(object.spec, object);
  return verdictsOn(validator, object);
}

const lb = (spec: any) => { spec.type = 'LoadBalancer'; spec.allocateLoadBalancerNodePorts = true; spec.externalTrafficPolicy = 'Cluster'; };

const cases: Array<[string, (spec: any, object: any) => void, string[]]> = [
  ['core.ValidateService.3: a headless LoadBalancer', (s) => { lb(s); s.clusterIP = 'None'; }, ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services']],
  ['core.ValidateService.4: a headless NodePort Service', (s) => { s.type = 'NodePort'; s.externalTrafficPolicy = 'Cluster'; s.clusterIP = 'None'; },
    ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services']],
  ['core.ValidateService.5, .6 and .7: an ExternalName Service with cluster IPs and IP families', (s) => {
    Object.assign(s, { type: 'ExternalName', externalName: 'api.example.com', clusterIPs: ['10.0.0.1'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  }, ['spec.clusterIPs: Forbidden: may not be set for ExternalName services', 'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
    'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services']],
  ['core.ValidateDNS1123Subdomain.1: an ExternalName that is no DNS subdomain', (s) => { s.type = 'ExternalName'; s.externalName = 'API_host'; },
    ['spec.externalName: Invalid value: "API_host": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')']],
  ['core.ValidateService.8: ExternalName with an empty name', (s) => { s.type = 'ExternalName'; s.externalName = ''; }, ['spec.externalName: Required value']],
  ['core.ValidateService.9: a selector value with a space', (s) => { s.selector = { app: 'back end' }; },
    ['spec.selector[app]: Invalid value: "back end": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')']],
  ['core.ValidateService.12: sessionAffinityConfig with affinity None', (s) => { s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 60 } }; },
    ['spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None']],
  ['core.validateAffinityTimeout.1: a ClientIP affinity of more than a day', (s) => { s.sessionAffinity = 'ClientIP'; s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86401 } }; },
    ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400']],
  ['core.ValidateService.16: one nodePort twice', (s) => {
    s.type = 'NodePort'; s.externalTrafficPolicy = 'Cluster'; s.ports = [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }];
  }, ['spec.ports[1].nodePort: Duplicate value: 30080']],
  ['core.ValidateService.18, .20 and core.validateLoadBalancerClassField.2: load-balancer fields on a ClusterIP Service', (s) => {
    Object.assign(s, { loadBalancerSourceRanges: ['10.0.0.0/8'], allocateLoadBalancerNodePorts: true, loadBalancerClass: 'example.com/lb' });
  }, ['spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is \'LoadBalancer\'',
    'spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is \'LoadBalancer\'',
    'spec.loadBalancerClass: Forbidden: may only be used when `type` is \'LoadBalancer\'']],
  ['core.ValidateService.19: the source-ranges annotation on a ClusterIP Service', (_s, o) => { o.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8' }; },
    ['metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: may only be used when `type` is \'LoadBalancer\'']],
  ['core.validateServiceExternalTrafficPolicy.1 and .4: traffic policy and health check on an internal Service', (s) => { s.externalTrafficPolicy = 'Local'; s.healthCheckNodePort = 30000; },
    ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
      'spec.healthCheckNodePort: Invalid value: 30000: may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\'']],
  ['core.validateServiceExternalTrafficPolicy.6: a health-check port out of range', (s) => { lb(s); s.externalTrafficPolicy = 'Local'; s.healthCheckNodePort = 70000; },
    ['spec.healthCheckNodePort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
  ['core.ValidateServiceClusterIPsRelatedFields.2 and .8: clusterIPs not led by clusterIP, three of them', (s) => { s.clusterIP = '10.0.0.1'; s.clusterIPs = ['10.0.0.2', 'fd00::1', '10.0.0.3']; },
    ['spec.clusterIPs: Invalid value: ["10.0.0.2","fd00::1","10.0.0.3"]: first value must match `clusterIP`',
      'spec.clusterIPs: Invalid value: ["10.0.0.2","fd00::1","10.0.0.3"]: may only hold up to 2 values']],
  ['core.ValidateServiceClusterIPsRelatedFields.3 and .5: clusterIPs without clusterIP, one IP family twice', (s) => { s.clusterIPs = ['10.0.0.1']; s.ipFamilies = ['IPv4', 'IPv4']; },
    ['spec.clusterIPs: Invalid value: ["10.0.0.1"]: must be empty when `clusterIP` is not specified', 'spec.ipFamilies[1]: Duplicate value: "IPv4"']],
  ['core.ValidateServiceClusterIPsRelatedFields.7: None beside an IP', (s) => { s.clusterIP = 'None'; s.clusterIPs = ['None', '10.0.0.1']; },
    ['spec.clusterIPs: Invalid value: ["None","10.0.0.1"]: \'None\' must be the first and only value']],
  ['core.validateServicePort.2 and core.ValidateDNS1123Label.1: a duplicate port name, a name that is no DNS label', (s) => {
    s.ports = [{ name: 'https', port: 443 }, { name: 'https', port: 444 }, { name: 'Web', port: 80 }];
  }, ['spec.ports[1].name: Duplicate value: "https"',
    'spec.ports[2].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')']],
  ['service-warnings.GetWarningsForService.7: externalName on a ClusterIP Service', (s) => { s.externalName = 'api.example.com'; },
    ['spec.externalName: Warning: spec.externalName is ignored when spec.type is not "ExternalName"']],
  ['service-warnings.GetWarningsForService.6: externalIPs on an ExternalName Service', (s) => { s.type = 'ExternalName'; s.externalName = 'api.example.com'; s.externalIPs = ['192.0.2.1']; delete s.ports; },
    ['spec.externalIPs: Warning: spec.externalIPs is ignored when spec.type is "ExternalName"']],
  ['core.ValidateService.1: topology-mode and topology-aware-hints annotations that differ', (_s, o) => {
    o.metadata.annotations = { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'auto' };
  }, ['metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified']],
  ['core.ValidateService.11: an unknown sessionAffinity', (s) => { s.sessionAffinity = 'Sticky'; },
    ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"']],
  ['core.validateServiceInternalTrafficFieldsValue.2: an unknown internalTrafficPolicy', (s) => { s.internalTrafficPolicy = 'Node'; },
    ['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"']],
  ['core.validateServiceExternalTrafficPolicy.3: an unknown externalTrafficPolicy on a NodePort Service', (s) => { s.type = 'NodePort'; s.externalTrafficPolicy = 'Node'; },
    ['spec.externalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"']],
  ['core.validateServiceTrafficDistribution.1: PreferSameZone (its feature gate is off in 1.33)', (s) => { s.trafficDistribution = 'PreferSameZone'; },
    ['spec.trafficDistribution: Unsupported value: "PreferSameZone": supported values: "PreferClose"']],
  ['core.ValidateEndpointIP.2, .3, .4 and .5: unspecified, loopback, link-local and link-local multicast externalIPs', (s) => {
    s.externalTrafficPolicy = 'Cluster'; s.externalIPs = ['0.0.0.0', '::1', '127.0.0.1', 'fe80::1', '169.254.10.1', 'ff02::2', '224.0.0.251'];
  }, ['spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
    'spec.externalIPs[1]: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    'spec.externalIPs[2]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    'spec.externalIPs[3]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    'spec.externalIPs[4]: Invalid value: "169.254.10.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    'spec.externalIPs[5]: Invalid value: "ff02::2": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    'spec.externalIPs[6]: Invalid value: "224.0.0.251": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)']],
  ['IsValidIPForLegacyField: an externalIP that is no IP address', (s) => { s.externalTrafficPolicy = 'Cluster'; s.externalIPs = ['10.0.0.256']; },
    ['spec.externalIPs[0]: Invalid value: "10.0.0.256": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
  ['IsValidCIDRForLegacyField: load-balancer source ranges that are no CIDRs, in the field and in the annotation', (s, o) => {
    lb(s); s.loadBalancerSourceRanges = [' 10.0.0.0/8 ', '10.0.0.0/33'];
    o.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': 'ignored' };
  }, ['spec.LoadBalancerSourceRanges[1]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  ['IsValidCIDRForLegacyField: a source-ranges annotation with a bad CIDR', (s, o) => {
    lb(s); o.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, 192.168.0.0/x' };
  }, ['metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "192.168.0.0/x": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  ['core.ValidateServiceClusterIPsRelatedFields.4 and .6: an unknown IP family and family policy', (s) => { s.ipFamilies = ['IPv5']; s.ipFamilyPolicy = 'DualStack'; },
    ['spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"',
      'spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"']],
  ['IsValidIPForLegacyField: a clusterIP that is no IP address stops the family checks', (s) => { s.clusterIP = '10.0.0.300'; s.clusterIPs = ['10.0.0.300', '10.0.0.1']; s.ipFamilies = ['IPv6']; },
    ['spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
  ['core.ValidateServiceClusterIPsRelatedFields.9: two IPv4 cluster IPs (an IPv4-mapped address counts as IPv4; refused, so no warning on its form)', (s) => { s.clusterIP = '10.0.0.1'; s.clusterIPs = ['10.0.0.1', '::ffff:10.0.0.2']; },
    ['spec.clusterIPs: Invalid value: ["10.0.0.1","::ffff:10.0.0.2"]: may specify no more than one IP for each IP family']],
  ['core.ValidateServiceClusterIPsRelatedFields.10 and .11: cluster IPs in the other order than their families', (s) => {
    s.clusterIP = 'fd00::10'; s.clusterIPs = ['fd00::10', '10.0.0.10']; s.ipFamilies = ['IPv4', 'IPv6']; s.ipFamilyPolicy = 'RequireDualStack';
  }, ['spec.clusterIPs[0]: Invalid value: "fd00::10": expected an IPv4 value as indicated by `ipFamilies[0]`',
    'spec.clusterIPs[1]: Invalid value: "10.0.0.10": expected an IPv6 value as indicated by `ipFamilies[1]`']],
  ['service-warnings.GetWarningsForService.2, .3 and .4: cluster, external and load-balancer IPs in non-standard forms', (s) => {
    lb(s); Object.assign(s, { clusterIP: '2001:DB8::a', externalIPs: ['192.0.2.010', '2001:db8:0:0:1:0:0:1'], loadBalancerIP: '::ffff:192.0.2.7' });
  }, ['spec.clusterIPs[0]: Warning: IPv6 address "2001:DB8::a" should be in RFC 5952 canonical format ("2001:db8::a")',
    'spec.externalIPs[0]: Warning: non-standard IP address "192.0.2.010" will be considered invalid in a future Kubernetes release: use "192.0.2.10"',
    'spec.externalIPs[1]: Warning: IPv6 address "2001:db8:0:0:1:0:0:1" should be in RFC 5952 canonical format ("2001:db8::1:0:0:1")',
    'spec.loadBalancerIP: Warning: non-standard IP address "::ffff:192.0.2.7" will be considered invalid in a future Kubernetes release: use "192.0.2.7"']],
  ['service-warnings.GetWarningsForService.5: source ranges with host bits, leading zeros, an IPv4-mapped prefix and upper-case hex', (s) => {
    lb(s); s.loadBalancerSourceRanges = ['10.1.2.3/8', '10.0.0.0/08', '::ffff:1.2.3.4/120', '2001:DB8::/32'];
  }, ['spec.loadBalancerSourceRanges[0]: Warning: CIDR value "10.1.2.3/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.1.2.3/32"?)',
    'spec.loadBalancerSourceRanges[1]: Warning: non-standard CIDR value "10.0.0.0/08" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
    'spec.loadBalancerSourceRanges[2]: Warning: CIDR value "::ffff:1.2.3.4/120" is ambiguous in this context (should be "1.2.3.0/24" or "1.2.3.4/128"?)',
    'spec.loadBalancerSourceRanges[2]: Warning: non-standard CIDR value "::ffff:1.2.3.4/120" will be considered invalid in a future Kubernetes release: use "1.2.3.0/24"',
    'spec.loadBalancerSourceRanges[3]: Warning: IPv6 CIDR value "2001:DB8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")']],
  ['core.ValidateQualifiedName.1: an appProtocol and a LoadBalancer class that are no qualified names', (s) => {
    lb(s); s.ports[0].appProtocol = 'h2 c'; s.loadBalancerClass = 'example.com/lb/x';
  }, ['spec.ports[0].appProtocol: Invalid value: "h2 c": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    'spec.loadBalancerClass: Invalid value: "example.com/lb/x": a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')']],
  ['core.ValidateService.12, .15, .17 and .18 in ValidateService\'s order, after an externalIP that is no address', (s) => {
    Object.assign(s, { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, externalIPs: ['10.0.0.256'], loadBalancerSourceRanges: ['10.0.0.0/8'] });
    s.ports = [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 80 }];
  }, ['spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None',
    'spec.externalIPs[0]: Invalid value: "10.0.0.256": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    'spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'',
    'spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}',
    'spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is \'LoadBalancer\'']],
];

describe('Services give the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(verdicts(change)).toEqual(expected);
  });

  test('accepted: core.ValidateServiceClusterIPsRelatedFields.9, .10 and .11 and service-warnings.GetWarningsForService.2 to .5 with standard dual-stack addresses', () => {
    expect(verdicts((s) => {
      lb(s);
      Object.assign(s, { clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10', 'fd00::10'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack',
        externalIPs: ['192.0.2.10', '2001:db8::1'], loadBalancerIP: '192.0.2.20', loadBalancerSourceRanges: ['10.0.0.0/8', '2001:db8::/32'] });
    })).toEqual([]);
  });

  test('accepted: core.validateServicePort.3 and core.ValidatePortNumOrName.2 after defaulting: an empty targetPort becomes the port', () => {
    expect(verdicts((s) => { s.ports = [{ port: 8443, targetPort: '' }]; })).toEqual([]);
  });

  test('accepted: a LoadBalancer with source ranges, Local traffic and a health-check port; a headless Service without ports', () => {
    expect(verdicts((s) => { lb(s); s.externalTrafficPolicy = 'Local'; s.healthCheckNodePort = 30123; s.loadBalancerSourceRanges = ['10.0.0.0/8']; })).toEqual([]);
    expect(verdicts((s) => { s.clusterIP = 'None'; delete s.ports; })).toEqual([]);
  });

  test('accepted: core.ValidateEndpointIP.2, .3, .4 and .5, core.validateServiceTrafficDistribution.1 and core.ValidateService.1 and .11 with values upstream admits, and the service-warnings.GetWarningsForService.1 warning', () => {
    expect(verdicts((s, o) => {
      Object.assign(s, { externalTrafficPolicy: 'Cluster', externalIPs: ['192.0.2.10', '2001:db8::1', '224.0.1.1'], trafficDistribution: 'PreferClose', sessionAffinity: 'ClientIP' });
      o.metadata.annotations = { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'Auto' };
    })).toEqual(['metadata.annotations[service.kubernetes.io/topology-aware-hints]: Warning: annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead']);
  });
});
