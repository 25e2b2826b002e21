using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Authentication;

namespace Kabin.Adapters.Kubernetes;

/// <summary>
/// One API server's address, HTTP pipeline and credentials, built from a
/// <see cref="KubernetesClientConfiguration"/> (in-cluster service account or kubeconfig).
/// </summary>
/// <remarks>
/// Kabin sends raw REST requests, so it needs only what <c>k8s.Kubernetes</c> would set up around
/// them. Constructing <c>k8s.Kubernetes</c> reads <c>KubernetesJson</c>'s options, whose
/// source-generated context names every Kubernetes model: that alone put ~13 MB into the AOT
/// binary and ~14 MiB into its resident memory (docs/performance.md). This class does the same
/// set-up (the cluster CA as the trust root, client certificate, bearer token that follows the
/// projected token file, TLS server name) without touching the models.
/// </remarks>
public sealed class ApiServerConnection : IDisposable
{
    private readonly ServiceClientCredentials? _credentials;
    private readonly string? _tlsServerName;
    private readonly X509Certificate2? _clientCertificate;

    private ApiServerConnection(Uri baseUri, HttpClient httpClient, ServiceClientCredentials? credentials, string? tlsServerName, X509Certificate2? clientCertificate)
    {
        BaseUri = baseUri;
        HttpClient = httpClient;
        _credentials = credentials;
        _tlsServerName = tlsServerName;
        _clientCertificate = clientCertificate;
    }

    public Uri BaseUri { get; }

    public HttpClient HttpClient { get; }

    public static ApiServerConnection Create(KubernetesClientConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!Uri.TryCreate(configuration.Host, UriKind.Absolute, out var baseUri))
        {
            throw new InvalidOperationException($"The cluster address '{configuration.Host}' is not an absolute URL.");
        }

        var handler = new SocketsHttpHandler
        {
            // Keep HTTP/2 connections to the API server alive across idle periods between events.
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = true,
        };
        if (baseUri.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ServerCertificateCheck(configuration);
        }

        var clientCertificate = ClientCertificate(configuration);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        var httpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrWhiteSpace(configuration.UserAgent))
        {
            httpClient.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", configuration.UserAgent);
        }

        return new ApiServerConnection(baseUri, httpClient, Credentials(configuration), configuration.TlsServerName, clientCertificate);
    }

    /// <summary>Adds the credentials (a fresh token where the token file rotates) and the TLS server name to a request.</summary>
    public async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrWhiteSpace(_tlsServerName))
        {
            request.Headers.Host = _tlsServerName;
        }

        if (_credentials is not null)
        {
            await _credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        HttpClient.Dispose();
        _clientCertificate?.Dispose();
    }

    /// <summary>The kubeconfig user's client certificate (inline PEM data or files), or null when it has none.</summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration configuration)
    {
        var certificate = Pem(configuration.ClientCertificateData, configuration.ClientCertificateFilePath);
        var key = Pem(configuration.ClientCertificateKeyData, configuration.ClientKeyFilePath);
        return certificate is null || key is null ? null : X509Certificate2.CreateFromPem(certificate, key);
    }

    private static string? Pem(string? base64Data, string? filePath) =>
        !string.IsNullOrWhiteSpace(filePath) ? File.ReadAllText(filePath)
        : !string.IsNullOrWhiteSpace(base64Data) ? Encoding.UTF8.GetString(Convert.FromBase64String(base64Data))
        : null;

    private static ServiceClientCredentials? Credentials(KubernetesClientConfiguration configuration)
    {
        if (configuration.TokenProvider is { } provider)
        {
            return new TokenCredentials(provider);
        }

        if (!string.IsNullOrEmpty(configuration.AccessToken))
        {
            return new TokenCredentials(configuration.AccessToken);
        }

        return string.IsNullOrEmpty(configuration.Username)
            ? null
            : new BasicAuthenticationCredentials { UserName = configuration.Username, Password = configuration.Password };
    }

    /// <summary>
    /// The server certificate check, as kubectl does it: anything when the kubeconfig says
    /// insecure-skip-tls-verify; with a cluster CA, a chain to that CA alone (the system's roots do
    /// not count) and the server's name; without one, the system's verdict.
    /// </summary>
    private static RemoteCertificateValidationCallback ServerCertificateCheck(KubernetesClientConfiguration configuration)
    {
        if (configuration.SkipTlsVerify)
        {
#pragma warning disable CA5359 // insecure-skip-tls-verify is the kubeconfig owner's explicit choice, as kubectl honours it.
            return (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        var authorities = new X509Certificate2Collection();
        foreach (var authority in configuration.SslCaCerts ?? [])
        {
            authorities.Add(X509CertificateLoader.LoadCertificate(authority.RawData));
        }

        if (authorities.Count == 0)
        {
            return (_, _, _, errors) => errors == SslPolicyErrors.None;
        }

        return (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(server);
        };
    }
}
