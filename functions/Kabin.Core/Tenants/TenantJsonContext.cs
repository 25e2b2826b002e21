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
public sealed partial class TenantJsonContext : JsonSerializerContext;
