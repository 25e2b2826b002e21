using System.Text.Json;
using Kabin.Adapters.HttpApi.Access;
using Kabin.Sandboxes.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kabin.Adapters.HttpApi.Sandboxes;

/// <summary>
/// Work in a Running sandbox: <c>POST …/commands</c> runs a command (one JSON answer, or NDJSON
/// chunks with <c>Accept: application/x-ndjson</c>); <c>…/files/{path}</c> writes, reads and deletes
/// a file, and lists a directory when the path ends with <c>/</c>. RBAC: <c>create</c> on
/// <c>sandboxes/exec</c>, <c>get</c>/<c>update</c>/<c>delete</c> on <c>sandboxes/files</c>.
/// </summary>
public static class SandboxWorkEndpoints
{
    public const string NdjsonType = "application/x-ndjson";

    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var sandbox = api.MapGroup("/tenants/{tenant}/sandboxes/{name}").WithTags("sandboxes");
        sandbox.MapPost("/commands", RunAsync).WithName("RunCommand").WithMetadata(new AccessRule("create", "sandboxes/exec", PerTenant: true))
            .WithSummary("Run a command (argv) in the sandbox's VM; with Accept: application/x-ndjson its output streams as it comes")
            .Body<SandboxCommand>()
            .Produces<SandboxCommandResult>(StatusCodes.Status200OK, "application/json", NdjsonType)
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        sandbox.MapGet("/files/{**path}", ReadAsync).WithName("ReadFile").WithMetadata(new AccessRule("get", "sandboxes/files", PerTenant: true))
            .WithSummary("A file's bytes, or with a trailing '/' the directory's entries; paths are relative to /work")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces<SandboxDirectoryListing>(StatusCodes.Status200OK)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        sandbox.MapPut("/files/{**path}", WriteAsync).WithName("WriteFile").WithMetadata(new AccessRule("update", "sandboxes/files", PerTenant: true))
            .WithSummary("Write the body as the file (parents created; replaced whole, never half-written); needs a Content-Length")
            .Accepts<byte[]>("application/octet-stream", "*/*")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status411LengthRequired,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        sandbox.MapDelete("/files/{**path}", DeleteAsync).WithName("DeleteFile").WithMetadata(new AccessRule("delete", "sandboxes/files", PerTenant: true))
            .WithSummary("Delete a file, or an empty directory")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> RunAsync(
        string tenant, string name, HttpContext context, [FromServices] RequestBodies bodies, [FromServices] SandboxWorkspace workspace,
        CancellationToken cancellationToken)
    {
        var body = await bodies.ReadObjectAsync(context.Request, "a command such as { \"command\": [\"python\", \"-c\", \"print(1)\"] }", cancellationToken)
            .ConfigureAwait(false);
        SandboxCommand command;
        try
        {
            command = body.Deserialize(ApiJsonContext.Default.SandboxCommand)!;
        }
        catch (JsonException exception)
        {
            throw InvalidEventDataException.ForField(exception.Path ?? "$", "is not what a command takes: command is an array of strings, env an object of strings, timeoutSeconds a number.");
        }

        if (!context.Request.Headers.Accept.ToString().Contains(NdjsonType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(await workspace.RunAsync(tenant, name, command, stream: null, cancellationToken).ConfigureAwait(false));
        }

        var lines = new CommandOutputLines(context.Response);
        SandboxCommandResult result;
        try
        {
            result = await workspace.RunAsync(tenant, name, command, lines.WriteAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (KabinException exception) when (context.Response.HasStarted)
        {
            // The status went out with the first chunk: the failure is the stream's last line.
            await lines.EndAsync(null, exception.Message, cancellationToken).ConfigureAwait(false);
            return Results.Empty;
        }

        await lines.EndAsync(result, null, cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task<IResult> ReadAsync(
        string tenant, string name, string? path, HttpContext context, [FromServices] SandboxWorkspace workspace, CancellationToken cancellationToken)
    {
        var relative = path ?? "";
        if (relative.Length == 0 || context.Request.Path.Value?.EndsWith('/') == true)
        {
            return TypedResults.Ok(await workspace.ListAsync(tenant, name, relative, cancellationToken).ConfigureAwait(false));
        }

        var response = context.Response;
        await workspace.ReadFileAsync(tenant, name, relative, (size, _) =>
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/octet-stream";
            response.ContentLength = size;
            return ValueTask.FromResult(response.Body);
        }, cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task<IResult> WriteAsync(
        string tenant, string name, string? path, HttpContext context, [FromServices] SandboxWorkspace workspace, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // The host's limit is for events; a file may be as large as the files API allows.
            limit.MaxRequestBodySize = workspace.Options.MaxFileBytes;
        }

        await workspace.WriteFileAsync(tenant, name, path ?? "", context.Request.Body, context.Request.ContentLength, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DeleteAsync(
        string tenant, string name, string? path, [FromServices] SandboxWorkspace workspace, CancellationToken cancellationToken)
    {
        await workspace.DeleteFileAsync(tenant, name, path ?? "", cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
