using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kabin.Tenants;

/// <summary>Source-generated JSON for tenant records and the tenant function's payloads.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TenantRecord))]
[JsonSerializable(typeof(TenantNamespaceEntry))]
[JsonSerializable(typeof(TenantIndex))]
[JsonSerializable(typeof(TenantSpec))]
[JsonSerializable(typeof(TenantName))]
[JsonSerializable(typeof(TenantProvisioned))]
[JsonSerializable(typeof(TenantDeprovisioned))]
[JsonSerializable(typeof(TenantRejected))]
[JsonSerializable(typeof(TenantTombstone))]
public sealed partial class TenantJsonContext : JsonSerializerContext;
