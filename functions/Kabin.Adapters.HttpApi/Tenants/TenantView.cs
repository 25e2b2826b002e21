using System.Text.Json.Nodes;
using Kabin.Tenants;

namespace Kabin.Adapters.HttpApi.Tenants;

/// <summary>A tenant as the API shows it: its record, and its objects as the cluster (<c>apply</c>) or the plan (<c>plan</c>) has them.</summary>
public sealed record TenantView(TenantRecord Tenant, string Mode, IReadOnlyList<JsonObject> Objects);
