using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Kabin.Cluster;
using Microsoft.AspNetCore.Http;

namespace Kabin.TestDoubles.Kubernetes;

public sealed partial class KubeApiServerDouble
{
    private const string ApplyPatch = "application/apply-patch+yaml";

    private async Task HandleAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        if (TakeFault(request) is { } fault)
        {
            switch (fault.Kind)
            {
                case FaultKind.Drop:
                    context.Abort();
                    return;
                case FaultKind.Status:
                    await WriteAsync(context, fault.StatusCode, ApiStatusException.StatusBody(fault.StatusCode, ReasonOf(fault.StatusCode), "injected fault"));
                    return;
                default:
                    await Task.Delay(fault.Delay, context.RequestAborted);
                    break;
            }
        }

        try
        {
            var (status, body) = Serve(request);
            await WriteAsync(context, status, body);
        }
        catch (ApiStatusException error)
        {
            await WriteAsync(context, error.Code, error.ToStatus());
        }
        catch (Exception bug) when (bug is InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            // A defect of the double itself: say so in the answer, so a failing test points here.
            await WriteAsync(context, 500, ApiStatusException.StatusBody(500, "InternalError", "API-server double failed: " + bug));
        }
    }

    private (int Status, JsonObject Body) Serve(RecordedRequest request)
    {
        if (Access.Review(request) is { } review)
        {
            return (201, review);
        }

        var path = ResourcePath.Parse(request.Path, _catalog);
        if (path is null || (path.Name is not null && path.Resource.Namespaced && path.Namespace is null))
        {
            throw new ApiStatusException(404, "NotFound", "the server could not find the requested resource");
        }

        var key = path.Name is null ? null : new ObjectKey(path.Resource, path.Namespace, path.Name);
        return (request.Method, key) switch
        {
            ("GET", null) => (200, _store.List(path.Resource, path.Namespace, LabelSelector.Parse(request.QueryValue("labelSelector") ?? string.Empty))),
            ("GET", _) => (200, _store.Get(key) ?? throw ApiStatusException.NotFound(path.Resource, key.Name)),
            ("DELETE", not null) => (200, _store.Delete(key) ?? throw ApiStatusException.NotFound(path.Resource, key.Name)),
            ("POST", null) => Create(path, request),
            ("PATCH", not null) => Apply(key, request),
            _ => throw new ApiStatusException(405, "MethodNotAllowed", $"{request.Method} is not supported on {request.Path}"),
        };
    }

    private (int, JsonObject) Create(ResourcePath path, RecordedRequest request)
    {
        var body = Parse(request.Body, path.Resource);
        var name = body["metadata"]?["name"]?.GetValue<string>()
            ?? throw ApiStatusException.Invalid(path.Resource, string.Empty, "metadata.name: Required value: name is required");
        var key = new ObjectKey(path.Resource, path.Namespace, name);
        Validate(key, body);
        return (201, _store.Create(key, body, request.QueryValue("fieldManager") ?? "unknown"));
    }

    private (int, JsonObject) Apply(ObjectKey key, RecordedRequest request)
    {
        if (MediaTypeOf(request.ContentType) != ApplyPatch)
        {
            throw new ApiStatusException(415, "UnsupportedMediaType", $"the double serves PATCH only as {ApplyPatch}, not '{request.ContentType}'");
        }

        var manager = request.QueryValue("fieldManager")
            ?? throw ApiStatusException.BadRequest("PATCH with application/apply-patch+yaml requires the fieldManager parameter");
        var body = Parse(request.Body, key.Resource);
        Validate(key, body);
        var (applied, created) = _store.Apply(key, body, manager, request.QueryValue("force") == "true");
        return (created ? 201 : 200, applied);
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty,
            context.Request.ContentType, body, context.Request.Headers.Authorization.FirstOrDefault(),
            context.Connection.ClientCertificate?.Subject);
        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static string? MediaTypeOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType : null;

    private static string ReasonOf(int statusCode) => statusCode switch
    {
        409 => "Conflict",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    };
}
