/** Where the TLS front reads its files inside the pod. */
export interface NginxPaths {
  /** Folder holding `tls.crt`, `tls.key` and `ca.crt` (the server certificate's Secret). */
  readonly tlsDir: string;
  /** Folder for the pid file and request buffers (an emptyDir: the root filesystem is read-only). */
  readonly tmpDir: string;
  /** The CA client certificates must be issued by. @default - `ca.crt` in tlsDir: the server certificate's CA */
  readonly clientCaFile?: string;
}

/** What the TLS front listens on and forwards to. */
export interface NginxConfOptions extends NginxPaths {
  /** The mTLS port Envoy connects to. */
  readonly tlsPort: number;
  /** The plain-HTTP port kubelet probes; it serves only health endpoints. */
  readonly healthPort: number;
  /** The loopback port the application listens on. */
  readonly upstreamPort: number;
  /** The application's path that answers 2xx when it is ready; `/readyz` forwards there. @default '/status/200' (httpbin's) */
  readonly upstreamHealthPath?: string;
  /** What the conf calls the application: its upstream's name, in comments. @default 'httpbin' */
  readonly appName?: string;
  /**
   * The client certificate subjects (RFC 2253, as nginx reports `$ssl_client_s_dn`) that may reach the application;
   * any other certificate from the CA gets 403. Empty admits every certificate the CA signs.
   */
  readonly allowedClientSubjects: readonly string[];
  /** How long a keep-alive connection on the TLS port may stay idle, in seconds. @default 15 */
  readonly keepaliveSeconds?: number;
}

/** The file whose presence makes the front close every connection after its response (see CERTIFICATE_RELOADER_SCRIPT). */
export function drainFlagFile(tmpDir: string): string {
  return `${tmpDir}/draining`;
}

/** TLS 1.2 suites: ECDHE key exchange with AEAD ciphers only (TLS 1.3 suites are all AEAD already). */
const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
];

/**
 * Renders the nginx.conf of the backend's TLS front: it requires a client certificate issued directly by the
 * CA in `ca.crt` and, when subjects are pinned, one of those subjects; forwards admitted requests to the application on
 * loopback with the client's verified identity as `X-Client-*` headers (overwriting any a caller sent); logs
 * every request with its verification result and subject; and serves unauthenticated health checks on a
 * separate plain port, which forwards no caller header, so kubelet can probe while client certificates are required.
 */
export function renderNginxConf(options: NginxConfOptions): string {
  const { tlsDir, tmpDir, tlsPort, healthPort, upstreamPort, allowedClientSubjects } = options;
  const clientCaFile = options.clientCaFile ?? `${tlsDir}/ca.crt`;
  const app = options.appName ?? 'httpbin';
  const healthPath = options.upstreamHealthPath ?? '/status/200';
  const keepaliveSeconds = options.keepaliveSeconds ?? 15;
  const pinned = allowedClientSubjects.length > 0;
  const identityMap = pinned ? `
  # Only the client identities the chart gives Envoy reach ${app}; another certificate from the CA gets 403.
  map $ssl_client_s_dn $mtls_client_allowed {
    default 0;
${allowedClientSubjects.map((subject) => `    ${nginxMapKey(subject)} 1;`).join('\n')}
  }
` : '';
  const identityCheck = pinned ? `
    if ($mtls_client_allowed = 0) {
      return 403;
    }
` : '';
  return `# Rendered by backend-mtls: the mTLS front of ${app}-tls.
worker_processes 1;
daemon off;
pid ${tmpDir}/nginx.pid;
error_log /dev/stderr notice;

events {
  worker_connections 1024;
}

http {
  # Refused clients show here too: status 400 with verify NONE or FAILED:<reason>, or 403 with their subject.
  log_format mtls '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                  'verify=$ssl_client_verify subject="$ssl_client_s_dn" issuer="$ssl_client_i_dn" serial=$ssl_client_serial';
  access_log /dev/stdout mtls;
  server_tokens off;
  client_body_temp_path ${tmpDir}/client_body;
  proxy_temp_path ${tmpDir}/proxy;
  fastcgi_temp_path ${tmpDir}/fastcgi;
  uwsgi_temp_path ${tmpDir}/uwsgi;
  scgi_temp_path ${tmpDir}/scgi;

  upstream ${app} {
    server 127.0.0.1:${upstreamPort};
  }
${identityMap}
  server {
    listen ${tlsPort} ssl;
    ssl_certificate ${tlsDir}/tls.crt;
    ssl_certificate_key ${tlsDir}/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ${TLS12_CIPHERS.join(':')};
    ssl_prefer_server_ciphers on;

    # Every caller must present a certificate issued directly by the client CA: OpenSSL's depth counts the
    # intermediates between the client's certificate and a trusted CA, and 0 allows none.
    ssl_client_certificate ${clientCaFile};
    ssl_verify_client on;
    ssl_verify_depth 0;
${identityCheck}
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-Proto https;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Client-Verify $ssl_client_verify;
    proxy_set_header X-Client-Subject $ssl_client_s_dn;
    proxy_set_header X-Client-Issuer $ssl_client_i_dn;
    proxy_set_header X-Client-Serial $ssl_client_serial;

    # A graceful reload or stop closes idle keep-alive connections at once, under any request already on its way.
    # So while the certificate reloader drains before one (the flag file exists), every response closes its
    # connection, with Connection: close telling the caller; connections idle longer expire by keepalive_timeout first.
    keepalive_timeout ${keepaliveSeconds}s;
    error_page 418 = @draining;
    if (-f ${drainFlagFile(tmpDir)}) {
      return 418;
    }

    location / {
      proxy_pass http://${app};
    }

    location @draining {
      keepalive_timeout 0;
      proxy_pass http://${app};
    }
  }

  server {
    listen ${healthPort};

    location = /livez {
      return 200 "ok";
    }

    location = /readyz {
      # A probe needs no header; none of a caller's (a forged X-Client-Verify among them) reaches ${app}.
      proxy_pass_request_headers off;
      proxy_pass_request_body off;
      proxy_pass http://${app}${healthPath};
    }

    location / {
      return 404;
    }
  }
}
`;
}

/**
 * A pinned subject as an nginx `map` key that matches it exactly. An exact map key matches case-insensitively (ngx_hash_add_key
 * lowers the key, ngx_http_map_find the value), which would admit `CN=Envoy` for `CN=envoy`; a regex key (`~`) matches
 * case-sensitively, so the key is the subject anchored, with PCRE's metacharacters escaped, in a double-quoted string
 * whose `\` and `"` are escaped as ngx_conf_read_token reads them back.
 */
export function nginxMapKey(subject: string): string {
  if (!/^[\x20-\x7e]+$/.test(subject)) {
    throw new Error(`client subject ${JSON.stringify(subject)} is not printable ASCII, which RFC 2253 printing always gives; pin subjects made by `
      + `pinnedSubject`);
  }
  const pattern = `~^${subject.replace(/[\\^$.[|()?*+{]/g, '\\$&')}$`;
  const key = `"${pattern.replace(/[\\"]/g, '\\$&')}"`;
  // ngx_conf_read_token refuses a parameter longer than its buffer (NGX_CONF_BUFFER, 4096 bytes).
  if (key.length > NGX_CONF_BUFFER) {throw new Error(`client subject ${JSON.stringify(subject)} makes an nginx.conf parameter of ${key.length} `
    + `bytes; nginx reads at most ${NGX_CONF_BUFFER}`);}
  return key;
}

const NGX_CONF_BUFFER = 4096;
