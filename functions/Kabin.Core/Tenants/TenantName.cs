using System.Text.Json.Serialization;
using Kabin.Json;

namespace Kabin.Tenants;

/// <summary>
/// The data of <c>dev.kabin.tenant.deleted</c>: <c>{ "name": "acme" }</c>. Other fields (a portal
/// that sends the whole spec) are ignored: only the name matters to a deletion.
/// </summary>
public sealed record TenantName([property: JsonConverter(typeof(BoundedNameConverter))] string? Name);
