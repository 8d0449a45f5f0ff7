/** Where the TLS front reads its files inside the pod. */
export interface NginxPaths {
  /** Folder holding `tls.crt`, `tls.key` and `ca.crt` (the server certificate's Secret). */
  readonly tlsDir: string;
  /** Folder for the pid file and request buffers (an emptyDir: the root filesystem is read-only). */
  readonly tmpDir: string;
}

/** What the TLS front listens on and forwards to. */
export interface NginxConfOptions extends NginxPaths {
  /** The mTLS port Envoy connects to. */
  readonly tlsPort: number;
  /** The plain-HTTP port kubelet probes; it serves only health endpoints. */
  readonly healthPort: number;
  /** The loopback port the httpbin application listens on. */
  readonly upstreamPort: number;
}

/**
 * Renders the nginx.conf of the backend's TLS front: it requires a client certificate signed by the CA in
 * `ca.crt`, forwards verified requests to httpbin on loopback with the client's verified identity as
 * `X-Client-*` headers (overwriting any a caller sent), and serves unauthenticated health checks on a
 * separate plain port so kubelet can probe while client certificates are required.
 */
export function renderNginxConf(options: NginxConfOptions): string {
  const { tlsDir, tmpDir, tlsPort, healthPort, upstreamPort } = options;
  return `# Rendered by backend-mtls: the mTLS front of httpbin-tls.
worker_processes 1;
daemon off;
pid ${tmpDir}/nginx.pid;
error_log /dev/stderr notice;

events {
  worker_connections 1024;
}

http {
  access_log /dev/stdout;
  server_tokens off;
  client_body_temp_path ${tmpDir}/client_body;
  proxy_temp_path ${tmpDir}/proxy;
  fastcgi_temp_path ${tmpDir}/fastcgi;
  uwsgi_temp_path ${tmpDir}/uwsgi;
  scgi_temp_path ${tmpDir}/scgi;

  upstream httpbin {
    server 127.0.0.1:${upstreamPort};
  }

  server {
    listen ${tlsPort} ssl;
    ssl_certificate ${tlsDir}/tls.crt;
    ssl_certificate_key ${tlsDir}/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;

    # Every caller must present a certificate signed by the CA that issued ours.
    ssl_client_certificate ${tlsDir}/ca.crt;
    ssl_verify_client on;
    ssl_verify_depth 2;

    location / {
      proxy_pass http://httpbin;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Client-Verify $ssl_client_verify;
      proxy_set_header X-Client-Subject $ssl_client_s_dn;
      proxy_set_header X-Client-Issuer $ssl_client_i_dn;
      proxy_set_header X-Client-Serial $ssl_client_serial;
    }
  }

  server {
    listen ${healthPort};

    location = /livez {
      return 200 "ok";
    }

    location = /readyz {
      proxy_pass http://httpbin/status/200;
    }

    location / {
      return 404;
    }
  }
}
`;
}
