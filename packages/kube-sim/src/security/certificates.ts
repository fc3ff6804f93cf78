import { generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';

export type ClusterCertificates = {
  /** PEM of the cluster's own CA: what kubeconfigs carry as certificate-authority-data. */
  caPem: string;
  certPem: string;
  keyPem: string;
};

// Node's crypto cannot issue certificates: forge builds them, and Node signs
// them natively (forge's pure-JS RSA made each simulated cluster take seconds to start).
function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  return {
    privateKey,
    keyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ),
  };
}

/**
 * The serving key: ECDSA P-256. A client such as client-node 2 opens a TLS
 * connection per request, and the server's RSA-2048 signature was the
 * largest part of each handshake.
 */
function servingKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
  });
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    spki: forge.asn1.fromDer(
      publicKey.export({ type: 'spki', format: 'der' }).toString('binary'),
    ),
  };
}

// forge exports getTBSCertificate (cert.sign uses it) but its typings omit it.
const tbsOf = (
  forge.pki as unknown as {
    getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
  }
).getTBSCertificate;

/**
 * What forge's cert.sign does, with the RSA signature computed by Node;
 * `spki` replaces the subject's public key (forge encodes only RSA keys).
 */
function signCertificate(
  cert: forge.pki.Certificate,
  key: KeyObject,
  spki?: forge.asn1.Asn1,
) {
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  cert.tbsCertificate = tbsOf(cert);
  if (spki) {
    // TBSCertificate: [0] version, serial, signature, issuer, validity, subject, subjectPublicKeyInfo, …
    (cert.tbsCertificate.value as forge.asn1.Asn1[])[6] = spki;
  }
  const der = Buffer.from(
    forge.asn1.toDer(cert.tbsCertificate).getBytes(),
    'binary',
  );
  cert.signature = sign('sha256', der, key).toString('binary');
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
  signCertificate(caCert, ca.privateKey);

  const leaf = servingKeyPair();
  // forge needs an RSA key to encode; signCertificate puts the EC key in its place.
  const cert = options.expired
    ? baseCertificate(ca.publicKey, 1, new Date(Date.now() - 3 * 86_400_000))
    : baseCertificate(ca.publicKey, 825);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, critical: true },
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
  signCertificate(cert, ca.privateKey, leaf.spki);

  return {
    caPem: forge.pki.certificateToPem(caCert),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: leaf.keyPem,
  };
}
