using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kabin.Adapters.Tests.Cluster;

/// <summary>A throwaway certificate authority that issues server and client certificates, as a cluster CA does.</summary>
public sealed class TestAuthority : IDisposable
{
    private TestAuthority(X509Certificate2 certificate) => Certificate = certificate;

    public X509Certificate2 Certificate { get; }

    public static TestAuthority Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return new TestAuthority(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1)));
    }

    /// <summary>A TLS server certificate for 127.0.0.1 (or for <paramref name="dnsName"/> alone when given).</summary>
    public X509Certificate2 IssueServer(string? dnsName = null)
    {
        var names = new SubjectAlternativeNameBuilder();
        if (dnsName is null)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }
        else
        {
            names.AddDnsName(dnsName);
        }

        return Issue("CN=kube-apiserver", names.Build(), new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"));
    }

    /// <summary>A TLS client certificate, as a kubeconfig user's client-certificate-data.</summary>
    public X509Certificate2 IssueClient(string user) => Issue($"CN={user}", null, new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication"));

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string subject, X509Extension? names, Oid usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
