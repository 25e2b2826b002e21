using System.Text.Json.Nodes;
using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.HttpApi.Access;
using Kabin.Cluster;
using Kabin.Events;
using Kabin.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Kabin.Adapters.HttpApi.Tenants;

/// <summary>
/// <c>/tenants</c>: each write is a <c>dev.kabin.tenant.*</c> event through the tenant function;
/// reads come from the state store through <see cref="TenantQueries"/>.
/// </summary>
public static class TenantEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var tenants = api.MapGroup("/tenants").WithTags("tenants");
        tenants.MapPut("/{name}", PutAsync).WithName("PutTenant").WithMetadata(new AccessRule("update", "tenants"))
            .WithSummary("Create or update a tenant (dev.kabin.tenant.created / .updated)")
            .Body<TenantSpec>()
            .Produces<TenantView>(StatusCodes.Status200OK).Produces<TenantView>(StatusCodes.Status201Created)
            .Problems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        tenants.MapGet("/{name}", GetAsync).WithName("GetTenant").WithMetadata(new AccessRule("get", "tenants"))
            .WithSummary("A tenant's record and the objects applied (or planned) for it")
            .Produces<TenantView>(StatusCodes.Status200OK).Problems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        tenants.MapGet("/", ListAsync).WithName("ListTenants").WithMetadata(new AccessRule("list", "tenants"))
            .WithSummary("A page of tenants' records in a stable order, shard by shard (?limit=, at most 500; ?continue= from the previous page)")
            .Produces<TenantList>(StatusCodes.Status200OK).Problems(StatusCodes.Status400BadRequest, StatusCodes.Status503ServiceUnavailable);
        tenants.MapDelete("/{name}", DeleteAsync).WithName("DeleteTenant").WithMetadata(new AccessRule("delete", "tenants"))
            .WithSummary("Offboard a tenant: its sandboxes, namespace and records (dev.kabin.tenant.deleted)")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> PutAsync(
        string name, HttpRequest request, [FromServices] RequestBodies bodies, [FromServices] TenantQueries queries, [FromServices] ApiEventRunner runner, CancellationToken cancellationToken)
    {
        var spec = await bodies.ReadObjectAsync(request, "a tenant spec such as { \"owners\": [...] }", cancellationToken).ConfigureAwait(false);
        if (spec["name"] is { } named && (named.GetValueKind() != System.Text.Json.JsonValueKind.String || named.GetValue<string>() != name))
        {
            return ApiProblems.Rejected($"The body names another tenant than the path '{name}'.",
                [new FieldError("name", $"must be '{name}' (the name in the path), or be left out.")]);
        }

        spec["name"] = name;
        var existed = await queries.GetAsync(name, cancellationToken).ConfigureAwait(false) is not null;
        var reply = await runner.RunAsync(existed ? TenantEventTypes.Updated : TenantEventTypes.Created, name, spec, cancellationToken)
            .ConfigureAwait(false);
        if (reply?.Type == TenantEventTypes.Rejected)
        {
            return RejectedProblem(reply);
        }

        var record = await queries.GetAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new TransientFailureException($"Tenant '{name}' was provisioned but its record is not readable yet; retry.");
        var view = await ViewAsync(record, queries, cancellationToken).ConfigureAwait(false);
        return existed ? TypedResults.Ok(view) : TypedResults.Created($"/tenants/{name}", view);
    }

    private static async Task<IResult> GetAsync(string name, [FromServices] TenantQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(name, cancellationToken).ConfigureAwait(false) is { } record
            ? TypedResults.Ok(await ViewAsync(record, queries, cancellationToken).ConfigureAwait(false))
            : ApiProblems.NotFound($"There is no tenant '{name}'. PUT /tenants/{name} creates it.");

    private static async Task<IResult> ListAsync(
        [FromQuery] int? limit, [FromQuery(Name = "continue")] string? token, [FromServices] TenantQueries queries, CancellationToken cancellationToken)
    {
        if (PageRequest.Refusal(limit, token, out var size, out var after) is { } refusal)
        {
            return refusal;
        }

        var (records, continueAfter) = await queries.ListAsync(size, after, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new TenantList(records) { Continue = PageRequest.Continue(continueAfter) });
    }

    private static async Task<IResult> DeleteAsync(string name, [FromServices] TenantQueries queries, [FromServices] ApiEventRunner runner, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            return ApiProblems.NotFound($"There is no tenant '{name}' to delete.");
        }

        var reply = await runner.RunAsync(TenantEventTypes.Deleted, name, new JsonObject { ["name"] = name }, cancellationToken)
            .ConfigureAwait(false);
        return reply?.Type == TenantEventTypes.Rejected ? RejectedProblem(reply) : TypedResults.NoContent();
    }

    private static JsonHttpResult<HttpProblem> RejectedProblem(CloudNative.CloudEvents.CloudEvent reply)
    {
        var rejected = EventData.Read(reply, TenantJsonContext.Default.TenantRejected);
        return ApiProblems.Rejected("The tenant function rejected the request; nothing was changed. Fix each field listed.", rejected.Reasons);
    }

    private static async Task<TenantView> ViewAsync(TenantRecord record, TenantQueries queries, CancellationToken cancellationToken) =>
        new(record, queries.Mode == ClusterMode.Plan ? "plan" : "apply", await queries.ObjectsAsync(record, cancellationToken).ConfigureAwait(false));
}
