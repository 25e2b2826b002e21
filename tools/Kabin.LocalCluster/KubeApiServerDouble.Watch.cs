using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Kabin.LocalCluster;

public sealed partial class KubeApiServerDouble
{
    /// <summary>
    /// A watch: one JSON object per line (<c>{"type":"ADDED","object":{...}}</c>), from the given
    /// resourceVersion (410 Gone when it left the window), until <c>timeoutSeconds</c> or the client leaves.
    /// </summary>
    private async Task WatchAsync(HttpContext context, RecordedRequest request, ResourcePath path)
    {
        var labels = LabelSelector.Parse(request.QueryValue("labelSelector"));
        var fields = FieldSelector.Parse(request.QueryValue("fieldSelector"), path.Resource);
        long? from = request.QueryValue("resourceVersion") is { Length: > 0 } text && text != "0"
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : throw ApiStatusException.BadRequest($"resourceVersion \"{text}\" is not a number")
            : null;
        var resource = path.Resource;
        bool Matches(ObjectKey key, JsonObject body) =>
            key.Resource.Kind == resource.Kind && key.Resource.Group == resource.Group
            && (path.Namespace is null || key.Namespace == path.Namespace)
            && labels.Matches(ObjectStore.LabelsOf(body)) && fields.Matches(body);
        using var subscription = _store.Watch(Matches, from);
        var seconds = request.QueryValue("timeoutSeconds") is { } timeout ? int.Parse(timeout, CultureInfo.InvariantCulture) : 1800;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
        var table = Tables.WantsTable(request.Accept);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await foreach (var change in subscription.ReadAllAsync(deadline.Token))
            {
                var body = (JsonObject)change.Object.DeepClone();
                body["apiVersion"] = resource.ApiVersion;
                body["kind"] = resource.Kind;
                var line = new JsonObject { ["type"] = change.Type, ["object"] = table ? Tables.Of(body, resource) : body };
                await context.Response.WriteAsync(line.ToJsonString() + "\n", deadline.Token);
                await context.Response.Body.FlushAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The watch ran out its time or the client went away: the stream just ends.
        }
    }
}
