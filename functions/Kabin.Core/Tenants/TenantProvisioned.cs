using System.Text.Json.Nodes;

namespace Kabin.Tenants;

/// <summary>
/// The data of <c>dev.kabin.tenant.provisioned</c>. In <c>plan</c> mode each object is the whole
/// manifest Kabin would apply; in <c>apply</c> mode a reference (apiVersion, kind, namespace,
/// name, resourceVersion) to the object as the API server has it.
/// </summary>
public sealed record TenantProvisioned(string Tenant, string Namespace, string Mode, long Generation, IReadOnlyList<JsonObject> Objects);
