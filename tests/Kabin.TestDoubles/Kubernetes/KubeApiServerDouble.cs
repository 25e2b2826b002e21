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

namespace Kabin.TestDoubles.Kubernetes;

/// <summary>
/// A Kubernetes API server on loopback (plain HTTP, or HTTPS with a given certificate; no auth) for the resources in
/// <c>testdata/kubernetes/api-resources.json</c>: server-side apply, create, get, list by label,
/// delete, with resourceVersion, uid and Status errors as the real server answers them. Tests seed
/// objects, move pods by setting their status, inject faults and read the request log.
/// </summary>
public sealed partial class KubeApiServerDouble : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<Fault> _faults = [];
    private readonly ObjectStore _store;
    private readonly ApiResourceCatalog _catalog = ApiResourceCatalog.Default;
    private WebApplication? _app;

    private KubeApiServerDouble(TimeProvider timeProvider) => _store = new ObjectStore(timeProvider);

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>: the client configuration's Host.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Tokens and rules that TokenReview and SubjectAccessReview answer from.</summary>
    public AccessControl Access { get; } = new();

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
        StartAsync(timeProvider, tls: null, cancellationToken);

    /// <summary>
    /// Serves HTTPS with <paramref name="serverCertificate"/>, as a real API server does; it asks for
    /// a client certificate, accepts any, and records its subject.
    /// </summary>
    public static Task<KubeApiServerDouble> StartHttpsAsync(X509Certificate2 serverCertificate, CancellationToken cancellationToken = default) =>
        StartAsync(timeProvider: null, tls: serverCertificate, cancellationToken);

    private static async Task<KubeApiServerDouble> StartAsync(TimeProvider? timeProvider, X509Certificate2? tls, CancellationToken cancellationToken)
    {
        var server = new KubeApiServerDouble(timeProvider ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (tls is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = tls,
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            }
        }));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        server._app = app;
        return server;
    }

    /// <summary>
    /// Writes a kubeconfig that points at this server with the bearer token <c>test-token</c> to
    /// <paramref name="path"/>, for a host under test to apply through; returns the path.
    /// </summary>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: double
                cluster:
                  server: "{BaseAddress.ToString().TrimEnd('/')}"
            contexts:
              - name: double
                context:
                  cluster: double
                  user: tester
            current-context: double
            users:
              - name: tester
                user:
                  token: test-token
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

    /// <summary>Stores an object as if it had been created (uid, resourceVersion, generation set); returns it.</summary>
    public JsonObject Seed(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return _store.Create(KeyOf(manifest), manifest, "seed");
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

    /// <summary>The next <paramref name="count"/> matching requests get <paramref name="statusCode"/> and a Status body.</summary>
    public void FailNext(int count, int statusCode, Func<RecordedRequest, bool>? matching = null) =>
        AddFault(new Fault(matching ?? (_ => true), count, FaultKind.Status, statusCode, TimeSpan.Zero));

    /// <summary>The next <paramref name="count"/> matching requests are answered only after <paramref name="delay"/>.</summary>
    public void DelayNext(int count, TimeSpan delay, Func<RecordedRequest, bool>? matching = null) =>
        AddFault(new Fault(matching ?? (_ => true), count, FaultKind.Delay, 0, delay));

    /// <summary>The next <paramref name="count"/> matching requests lose their connection without an answer.</summary>
    public void DropNext(int count, Func<RecordedRequest, bool>? matching = null) =>
        AddFault(new Fault(matching ?? (_ => true), count, FaultKind.Drop, 0, TimeSpan.Zero));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private ObjectKey KeyOf(JsonObject manifest)
    {
        var resource = _catalog.ByKind((string)manifest["apiVersion"]!, (string)manifest["kind"]!);
        var metadata = manifest["metadata"]!;
        return new ObjectKey(resource, resource.Namespaced ? (string)metadata["namespace"]! : null, (string)metadata["name"]!);
    }

    private void AddFault(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    private Fault? TakeFault(RecordedRequest request)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && f.Matches(request));
            if (fault is not null)
            {
                fault.Remaining--;
            }

            return fault;
        }
    }
}
