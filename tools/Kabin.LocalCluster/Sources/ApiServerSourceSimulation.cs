using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>
/// Knative's ApiServerSource in Resource mode, for a local host to follow its sandboxes: every
/// add, update and delete of a pod labelled <c>kabin.dev/sandbox</c>, and of the pod-template
/// kinds (and agent-sandbox's SandboxClaim) in namespaces labelled <c>kabin.dev/tenant</c>, goes to the sink as a binary-mode
/// CloudEvent (<c>dev.knative.apiserver.resource.add|update|delete</c>, the object as data), in
/// order, retried with backoff while the sink fails.
/// </summary>
internal sealed class ApiServerSourceSimulation(ObjectStore store, ApiResourceCatalog catalog, Uri sink, Uri server) : IAsyncDisposable
{
    private static readonly (string ApiVersion, string Kind)[] Audited =
    [
        ("v1", "Pod"), ("v1", "ReplicationController"), ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"),
        ("apps/v1", "ReplicaSet"), ("batch/v1", "Job"), ("batch/v1", "CronJob"), ("serving.knative.dev/v1", "Service"),
        ("agents.x-k8s.io/v1beta1", "Sandbox"), ("extensions.agents.x-k8s.io/v1beta1", "SandboxTemplate"),
        ("extensions.agents.x-k8s.io/v1beta1", "SandboxClaim"),
    ];

    private const int Attempts = 8;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Task _loop = Task.CompletedTask;

    /// <summary>Events delivered so far, for the status line and tests.</summary>
    public int Delivered { get; private set; }

    public void Start()
    {
        var kinds = Audited.Select(a => catalog.ByKind(a.ApiVersion, a.Kind)).ToHashSet();
        var subscription = store.Watch((key, body) => kinds.Contains(key.Resource) && Selected(key, body), store.CurrentResourceVersion);
        _loop = Task.Run(async () =>
        {
            using (subscription)
            {
                await foreach (var change in subscription.ReadAllAsync(_stopping.Token))
                {
                    await DeliverAsync(change, _stopping.Token);
                }
            }
        });
    }

    private bool Selected(ObjectKey key, JsonObject body)
    {
        if (key.Resource.Is("Pod") && ObjectStore.LabelsOf(body).ContainsKey("kabin.dev/sandbox"))
        {
            return true;
        }

        var namespaceObject = key.Namespace is null ? null : store.Get(new ObjectKey(catalog.ByKind("v1", "Namespace"), null, key.Namespace));
        return namespaceObject is not null && ObjectStore.LabelsOf(namespaceObject).ContainsKey("kabin.dev/tenant");
    }

    private async Task DeliverAsync(WatchEvent change, CancellationToken cancellationToken)
    {
        var type = "dev.knative.apiserver.resource." + change.Type switch { "ADDED" => "add", "DELETED" => "delete", _ => "update" };
        var body = (JsonObject)change.Object.DeepClone();
        body["apiVersion"] = change.Key.Resource.ApiVersion;
        body["kind"] = change.Key.Resource.Kind;
        var subject = $"/apis/{change.Key.Resource.ApiVersion}/namespaces/{change.Key.Namespace}/{change.Key.Resource.Plural}/{change.Key.Name}";
        var id = $"{body["metadata"]?["uid"]}-{change.ResourceVersion}";
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, sink)
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            message.Headers.Add("ce-specversion", "1.0");
            message.Headers.Add("ce-id", id);
            message.Headers.Add("ce-source", server.ToString().TrimEnd('/'));
            message.Headers.Add("ce-type", type);
            message.Headers.Add("ce-subject", subject);
            message.Headers.Add("ce-time", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            message.Headers.Add("ce-kind", change.Key.Resource.Kind);
            message.Headers.Add("ce-name", change.Key.Name);
            message.Headers.Add("ce-namespace", change.Key.Namespace ?? string.Empty);
            try
            {
                using var answer = await _http.SendAsync(message, cancellationToken);
                var code = (int)answer.StatusCode;
                if (answer.IsSuccessStatusCode || (code is >= 400 and < 500 and not (404 or 408 or 409 or 429)))
                {
                    // Delivered, or refused for good (Knative dead-letters such an answer).
                    Delivered++;
                    return;
                }
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The sink is down or slow: retried below, like Knative's delivery retries.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << Math.Min(attempt, 6))), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _http.Dispose();
        _stopping.Dispose();
    }
}
