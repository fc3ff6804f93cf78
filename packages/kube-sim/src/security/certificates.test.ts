import { X509Certificate } from 'node:crypto';
import { createClusterCertificates } from './certificates';

describe('cluster certificates', () => {
  it('issues an ECDSA P-256 serving certificate from the cluster CA, with the SANs and usages Go clients require', () => {
    const { caPem, certPem } = createClusterCertificates('sim');
    const ca = new X509Certificate(caPem);
    const leaf = new X509Certificate(certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.publicKey.asymmetricKeyType).toBe('ec');
    expect(leaf.publicKey.asymmetricKeyDetails).toEqual({
      namedCurve: 'prime256v1',
    });
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe(
      'DNS:localhost, DNS:kubernetes.default.svc, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
  });

  it('can issue a serving certificate that has expired', () => {
    const leaf = new X509Certificate(
      createClusterCertificates('sim', { expired: true }).certPem,
    );
    expect(Date.parse(leaf.validTo)).toBeLessThan(Date.now());
  });
});
