using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kabin.Manifests.Tests.Support;

/// <summary>
/// A serving certificate like the one cert-manager issues for the webhook Service (ECDSA P-256,
/// server auth, the Certificate manifest's DNS names), written as the PEM files the Secret mounts.
/// </summary>
public sealed class WebhookCertificate : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kabin-webhook-tls-");

    public WebhookCertificate(IEnumerable<string> dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kabin-admission-webhook", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        CertificatePath = Path.Combine(_folder.FullName, "tls.crt");
        KeyPath = Path.Combine(_folder.FullName, "tls.key");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public string Thumbprint { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public void Dispose() => _folder.Delete(recursive: true);
}
