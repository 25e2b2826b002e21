using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Kabin.LocalCluster;

public sealed partial class KubeApiServerDouble
{
    private const string Protobuf = "application/vnd.kubernetes.protobuf";

    private async Task HandleAsync(HttpContext context)
    {
        RecordedRequest request;
        try
        {
            request = await RecordAsync(context);
        }
        catch (ApiStatusException error)
        {
            await WriteAsync(context, error.Code, error.ToStatus());
            return;
        }

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
            await RouteAsync(context, request);
        }
        catch (ApiStatusException error)
        {
            await WriteAsync(context, error.Code, error.ToStatus());
        }
        catch (Exception bug) when (bug is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A defect of the double itself: say so in the answer, so a failing test points here.
            await WriteAsync(context, 500, ApiStatusException.StatusBody(500, "InternalError", "local cluster failed: " + bug));
        }
    }

    private async Task RouteAsync(HttpContext context, RecordedRequest request)
    {
        if (request.Method == "GET" && request.Path is "/healthz" or "/livez" or "/readyz")
        {
            await WritePlainAsync(context, "ok");
            return;
        }

        if (request.Method == "GET" && (Discovery.Serve(request.Path, BaseAddress) ?? OpenApi.Serve(request.Path) ?? Identity.Serve(request.Path, BaseAddress)) is { } document)
        {
            await WriteAsync(context, 200, document);
            return;
        }

        var caller = Authenticate(context, request);
        if (request.Method == "POST" && Access.Review(request, caller) is { } review)
        {
            await WriteAsync(context, 201, review);
            return;
        }

        var path = ResourcePath.Parse(request.Path, _catalog);
        if (path is null || (path.Name is not null && path.Resource.Namespaced && path.Namespace is null))
        {
            throw new ApiStatusException(404, "NotFound", "the server could not find the requested resource");
        }

        var verb = VerbOf(request, path, context.WebSockets.IsWebSocketRequest);
        Access.Authorize(caller, verb, path);
        var key = path.Name is null ? null : new ObjectKey(path.Resource, path.Namespace, path.Name);
        switch (verb, path.Subresource)
        {
            case ("watch", _):
                await WatchAsync(context, request, path);
                return;
            case ("list", _):
                var list = _store.List(path.Resource, path.Namespace, LabelSelector.Parse(request.QueryValue("labelSelector")),
                    FieldSelector.Parse(request.QueryValue("fieldSelector"), path.Resource), LimitOf(request), request.QueryValue("continue"));
                await WriteObjectAsync(context, request, 200, list, path.Resource);
                return;
            case ("get", "exec") or ("create", "exec"):
                await Exec.ServeAsync(context, key!, request, _store);
                return;
            case ("get", "log"):
                await WritePlainAsync(context, ExecEndpoint.LogOf(key!, _store, _runtime));
                return;
            case ("get", _):
                await WriteObjectAsync(context, request, 200, _store.Get(key!) ?? throw ApiStatusException.NotFound(path.Resource, key!.Name), path.Resource);
                return;
            case ("create", "token"):
                await WriteAsync(context, 201, Identity.IssueToken(key!, ParseJson(request.Body), _store));
                return;
            case ("create", null):
                var (created, _) = await CreateAsync(path, request, caller, context.RequestAborted);
                await WriteAsync(context, 201, created);
                return;
            case ("update", _):
                await WriteAsync(context, 200, await UpdateAsync(key!, path.Subresource, request, caller, context.RequestAborted));
                return;
            case ("patch", _):
                var (patched, wasCreated) = await PatchAsync(key!, path.Subresource, request, caller, context.RequestAborted);
                await WriteAsync(context, wasCreated ? 201 : 200, patched);
                return;
            case ("delete", null):
                var (deleted, status) = await DeleteAsync(key!, request, caller, context.RequestAborted);
                await WriteAsync(context, status, deleted);
                return;
            case ("deletecollection", null):
                await WriteAsync(context, 200, await DeleteCollectionAsync(path, request, caller, context.RequestAborted));
                return;
            default:
                throw new ApiStatusException(405, "MethodNotAllowed", $"{request.Method} is not supported on {request.Path}");
        }
    }

    private static string VerbOf(RecordedRequest request, ResourcePath path, bool webSocket) => (request.Method, path.Name) switch
    {
        ("GET", null) when request.QueryValue("watch") is "true" or "1" => "watch",
        ("GET", null) => "list",
        ("GET", _) when path.Subresource == "exec" && webSocket => "create",
        ("GET", _) => "get",
        ("POST", _) => "create",
        ("PUT", not null) => "update",
        ("PATCH", not null) => "patch",
        ("DELETE", null) => "deletecollection",
        ("DELETE", _) => "delete",
        _ => throw new ApiStatusException(405, "MethodNotAllowed", $"{request.Method} is not supported on {request.Path}"),
    };

    private static int? LimitOf(RecordedRequest request) =>
        request.QueryValue("limit") is { } text ? int.TryParse(text, out var limit) && limit >= 0 ? limit : throw ApiStatusException.BadRequest($"limit \"{text}\" is not a non-negative integer") : null;

    private static bool IsDryRun(RecordedRequest request) => request.QueryValue("dryRun") switch
    {
        null => false,
        "All" => true,
        var other => throw ApiStatusException.BadRequest($"Invalid dry run value: \"{other}\"; the only supported value is \"All\""),
    };

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        var body = string.Empty;
        var contentType = context.Request.ContentType;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (MediaTypeOf(contentType) == Protobuf)
            {
                // kubectl's typed clients send protobuf: read as the JSON it stands for, answered in JSON (their Accept allows it).
                body = ProtobufDecoder.Decode(buffer.ToArray()).ToJsonString();
                contentType = "application/json";
            }
            else
            {
                body = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty,
            contentType, body, context.Request.Headers.Authorization.FirstOrDefault(),
            context.Connection.ClientCertificate?.Subject, context.Request.Headers.Accept.ToString())
        {
            UserAgent = context.Request.Headers.UserAgent.ToString(),
            ImpersonateUser = context.Request.Headers["Impersonate-User"].FirstOrDefault(),
            ImpersonateGroups = [.. context.Request.Headers["Impersonate-Group"].OfType<string>()],
        };
        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }

    private static async Task WriteObjectAsync(HttpContext context, RecordedRequest request, int status, JsonObject body, ApiResource resource)
    {
        await WriteAsync(context, status, Tables.WantsTable(request.Accept) ? Tables.Of(body, resource) : body);
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static async Task WritePlainAsync(HttpContext context, string text)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static string? MediaTypeOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType : null;

    private static string ReasonOf(int statusCode) => statusCode switch
    {
        403 => "Forbidden",
        409 => "Conflict",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    };
}
