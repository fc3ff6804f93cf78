import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export type ClusterCertificates = {
  /** PEM of the cluster's own CA: what kubeconfigs carry as certificate-authority-data. */
  caPem: string;
  certPem: string;
  keyPem: string;
};

// Node's crypto cannot issue certificates; forge signs them with natively generated keys.
function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return {
    keyPem,
    privateKey: forge.pki.privateKeyFromPem(keyPem),
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ),
  };
}

function baseCertificate(
  publicKey: forge.pki.PublicKey,
  days: number,
  notBefore?: Date,
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  const start = notBefore ?? new Date(Date.now() - 60_000);
  cert.validity.notBefore = start;
  cert.validity.notAfter = new Date(start.getTime() + days * 86_400_000);
  return cert;
}

/**
 * One CA per cluster and a serving certificate with the SANs Go clients
 * require (127.0.0.1, ::1, localhost), EKU serverAuth. `expired` issues a
 * serving certificate that is no longer valid (a TLS fault).
 */
export function createClusterCertificates(
  clusterName: string,
  options: { expired?: boolean } = {},
): ClusterCertificates {
  const ca = keyPair();
  const caCert = baseCertificate(ca.publicKey, 3650);
  const caSubject = [
    { name: 'commonName', value: `kube-sim-ca-${clusterName}` },
  ];
  caCert.setSubject(caSubject);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: true,
      critical: true,
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const leaf = keyPair();
  const cert = options.expired
    ? baseCertificate(leaf.publicKey, 1, new Date(Date.now() - 3 * 86_400_000))
    : baseCertificate(leaf.publicKey, 825);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 2, value: 'kubernetes.default.svc' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(caCert),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: leaf.keyPem,
  };
}
