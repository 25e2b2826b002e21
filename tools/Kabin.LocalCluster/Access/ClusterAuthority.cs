using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kabin.LocalCluster;

/// <summary>The local cluster's own CA: it signs the serving certificate (127.0.0.1, localhost) and verifies client certificates (CN the user, O the groups).</summary>
internal sealed class ClusterAuthority : IDisposable
{
    private readonly X509Certificate2 _ca;

    private ClusterAuthority(X509Certificate2 ca, X509Certificate2 server)
    {
        _ca = ca;
        ServerCertificate = server;
        CaPem = ca.ExportCertificatePem();
    }

    public X509Certificate2 ServerCertificate { get; }

    public string CaPem { get; }

    public static ClusterAuthority Create()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=kabin-local-cluster-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(365));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=kabin-local-cluster", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(30), Guid.NewGuid().ToByteArray());
        var server = X509CertificateLoader.LoadPkcs12(signed.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pkcs12), null);
        return new ClusterAuthority(ca, server);
    }

    /// <summary>A client certificate for <paramref name="user"/> in <paramref name="groups"/> (CN and O), signed by this CA: its PEM and its key's PEM.</summary>
    public (string CertificatePem, string KeyPem) IssueClient(string user, IReadOnlyList<string> groups)
    {
        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }

        subject.AddCommonName(user);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(_ca, now.AddMinutes(-5), now.AddDays(30), Guid.NewGuid().ToByteArray());
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Whether this CA signed <paramref name="certificate"/> (and it is in date).</summary>
    public bool Signed(X509Certificate2 certificate) => ChainsTo([_ca], certificate);

    /// <summary>Whether <paramref name="certificate"/> chains to one of <paramref name="roots"/> alone (no system roots, no revocation lookups).</summary>
    public static bool ChainsTo(X509Certificate2Collection roots, X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>The certificate's O= values, comma-joined: the user's groups.</summary>
    public static string OrganizationsOf(X509Certificate2 certificate) =>
        string.Join(',', certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")
            .Select(rdn => rdn.GetSingleElementValue()));

    public void Dispose()
    {
        _ca.Dispose();
        ServerCertificate.Dispose();
    }
}
