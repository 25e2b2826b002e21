using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kabin.LocalCluster;

/// <summary>
/// A Kubernetes API server on loopback, good enough for kubectl and Kabin's cluster adapter:
/// discovery, CRUD with server-side apply, paged lists and watches, graceful deletion with
/// finalizers and garbage collection, namespaces that terminate, dynamic admission webhooks, RBAC,
/// service-account tokens, and <c>pods/exec</c>; with a simulated kubelet and ApiServerSource.
/// It is a test and demo tool, never a Kubernetes (docs/local-cluster.md says what it leaves out).
/// Tests seed objects, move pods, inject faults and read the request log.
/// </summary>
public sealed partial class KubeApiServerDouble : IAsyncDisposable
{
    /// <summary>The bearer token of the cluster administrator (group <c>system:masters</c>) in every kubeconfig this server writes.</summary>
    public const string AdminToken = "test-token";

    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<Fault> _faults = [];
    private readonly ObjectStore _store;
    private readonly ApiResourceCatalog _catalog = ApiResourceCatalog.Default;
    private readonly ServiceAccountIssuer _issuer;
    private readonly PodRuntime _runtime;
    private readonly CancellationTokenSource _stopping = new();
    private readonly LocalClusterOptions _options;
    private WebApplication? _app;
    private SimulatedKubelet? _kubelet;
    private SimulatedAgentSandboxController? _agentSandbox;
    private ApiServerSourceSimulation? _source;
    private ClusterAuthority? _authority;

    private KubeApiServerDouble(LocalClusterOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _store = new ObjectStore(timeProvider) { KubeletRunsPods = options.Kubelet, WatchWindow = options.WatchWindow };
        _issuer = new ServiceAccountIssuer(timeProvider);
        _runtime = new PodRuntime(options.Exec);
        Access = new AccessControl(_store, _catalog, _issuer) { RequireAuthentication = options.Secure, EnforceAuthorization = options.Secure };
        Access.AddToken(AdminToken, "kabin-admin", "system:masters");
        Identity = new Identity(_issuer, _catalog);
        Webhooks = new WebhookDispatcher(_store, _catalog);
        Exec = new ExecEndpoint(_runtime);
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>: the client configuration's Host.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Tokens and rules that authentication, TokenReview and SubjectAccessReview answer from (beside the stored RBAC objects).</summary>
    public AccessControl Access { get; }

    /// <summary>The cluster CA's certificate in PEM, when serving HTTPS with its own CA.</summary>
    public string? CertificateAuthorityPem => _authority?.CaPem;

    internal Identity Identity { get; }

    internal WebhookDispatcher Webhooks { get; }

    internal ExecEndpoint Exec { get; }

    /// <summary>Every request received so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static Task<KubeApiServerDouble> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        StartAsync(new LocalClusterOptions(), timeProvider, tls: null, cancellationToken);

    public static Task<KubeApiServerDouble> StartAsync(LocalClusterOptions options, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        StartAsync(options, timeProvider, tls: null, cancellationToken);

    /// <summary>
    /// Serves HTTPS with <paramref name="serverCertificate"/>, as a real API server does; it asks for
    /// a client certificate, accepts any, and records its subject.
    /// </summary>
    public static Task<KubeApiServerDouble> StartHttpsAsync(X509Certificate2 serverCertificate, CancellationToken cancellationToken = default) =>
        StartAsync(new LocalClusterOptions(), timeProvider: null, tls: serverCertificate, cancellationToken);

    private static async Task<KubeApiServerDouble> StartAsync(LocalClusterOptions options, TimeProvider? timeProvider, X509Certificate2? tls, CancellationToken cancellationToken)
    {
        var server = new KubeApiServerDouble(options, timeProvider ?? TimeProvider.System);
        if (options.Tls && tls is null)
        {
            server._authority = ClusterAuthority.Create();
            tls = server._authority.ServerCertificate;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (tls is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = tls,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (certificate, _, _) => server._authority?.Signed(certificate) ?? true,
                });
            }
        }));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        server._issuer.Issuer = server.BaseAddress.ToString().TrimEnd('/');
        server._app = app;
        if (options.Kubelet)
        {
            server._kubelet = new SimulatedKubelet(server._store, server._catalog, server._runtime, options);
            server._kubelet.Start();
        }

        if (options.AgentSandbox)
        {
            server._agentSandbox = new SimulatedAgentSandboxController(server._store, server._catalog);
            server._agentSandbox.Start();
        }

        if (options.Sink is { } sink)
        {
            server.StartApiServerSource(sink);
        }

        return server;
    }

    /// <summary>Starts the simulated ApiServerSource towards <paramref name="sink"/> (for a sink that starts after the cluster); once only.</summary>
    public void StartApiServerSource(Uri sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_source is not null)
        {
            throw new InvalidOperationException("the ApiServerSource simulation already runs");
        }

        _source = new ApiServerSourceSimulation(_store, _catalog, sink, BaseAddress);
        _source.Start();
    }

    /// <summary>
    /// Writes a kubeconfig that points at this server (with its CA when it has one) as the
    /// administrator, for kubectl or a host under test; returns the path.
    /// </summary>
    public string WriteKubeconfig(string path) => WriteKubeconfig(path, $"token: {AdminToken}");

    /// <summary>
    /// Writes a kubeconfig whose credential is a client certificate for <paramref name="user"/> in
    /// <paramref name="groups"/>, signed by this server's CA (it must serve HTTPS with its own CA); returns the path.
    /// </summary>
    public string WriteClientCertificateKubeconfig(string path, string user, params string[] groups)
    {
        var authority = _authority ?? throw new InvalidOperationException("client certificates need the cluster's own CA: start it with Tls = true");
        var (certificate, key) = authority.IssueClient(user, groups);
        static string Data(string pem) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem));
        return WriteKubeconfig(path, $"client-certificate-data: {Data(certificate)}\n      client-key-data: {Data(key)}");
    }

    private string WriteKubeconfig(string path, string credential)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var authority = _authority is null ? string.Empty
            : $"\n      certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(_authority.CaPem))}";
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: kabin-local
                cluster:
                  server: "{BaseAddress.ToString().TrimEnd('/')}"{authority}
            contexts:
              - name: kabin-local
                context:
                  cluster: kabin-local
                  user: kabin-admin
            current-context: kabin-local
            users:
              - name: kabin-admin
                user:
                  {credential}
            """);
        return path;
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Stores an object as if it had been created (uid, resourceVersion, generation set), past admission; returns it.</summary>
    public JsonObject Seed(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return _store.Seed(KeyOf(manifest), manifest);
    }

    /// <summary>Seeds the object, or each item of a <c>{"items": [...]}</c> list, in a JSON file.</summary>
    public IReadOnlyList<JsonObject> SeedFile(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var manifests = root["items"] is JsonArray items ? items.Select(item => item!.AsObject()) : [root];
        return [.. manifests.Select(Seed)];
    }

    /// <summary>The stored object (a copy), or null.</summary>
    public JsonObject? Find(string apiVersion, string kind, string? namespaceName, string name) =>
        _store.Get(new ObjectKey(_catalog.ByKind(apiVersion, kind), namespaceName, name));

    /// <summary>Replaces an object's status as its controller would (bumping resourceVersion); false when it is missing.</summary>
    public bool SetStatus(string apiVersion, string kind, string? namespaceName, string name, JsonObject status) =>
        _store.SetStatus(new ObjectKey(_catalog.ByKind(apiVersion, kind), namespaceName, name), status);

    /// <summary>Moves a pod as the kubelet would, e.g. <c>{"phase":"Running"}</c>.</summary>
    public bool SetPodStatus(string namespaceName, string name, JsonObject status) =>
        SetStatus("v1", "Pod", namespaceName, name, status);

    /// <summary>Changes a stored object as a controller would, past admission (e.g. removing a finalizer); false when it is missing.</summary>
    public bool Update(string apiVersion, string kind, string? namespaceName, string name, Action<JsonObject> change) =>
        _store.Update(new ObjectKey(_catalog.ByKind(apiVersion, kind), namespaceName, name), change);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }

        if (_agentSandbox is not null)
        {
            await _agentSandbox.DisposeAsync();
        }

        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _runtime.Dispose();
        _issuer.Dispose();
        _authority?.Dispose();
        _stopping.Dispose();
    }

    private UserInfo Authenticate(Microsoft.AspNetCore.Http.HttpContext context, RecordedRequest request)
    {
        var certificate = context.Connection.ClientCertificate;
        var (user, groups) = certificate is not null && (_authority?.Signed(certificate) ?? false)
            ? (certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), ClusterAuthority.OrganizationsOf(certificate))
            : (null, null);
        return Access.Authenticate(request.Authorization, user, groups, request);
    }

    private ObjectKey KeyOf(JsonObject manifest)
    {
        var resource = _catalog.ByKind((string)manifest["apiVersion"]!, (string)manifest["kind"]!);
        var metadata = manifest["metadata"]!;
        return new ObjectKey(resource, resource.Namespaced ? (string)metadata["namespace"]! : null, (string)metadata["name"]!);
    }
}
