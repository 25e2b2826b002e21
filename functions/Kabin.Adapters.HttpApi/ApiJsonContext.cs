using System.Text.Json;
using System.Text.Json.Serialization;
using Kabin.Adapters.CloudEvents;
using Kabin.Adapters.HttpApi.Policy;
using Kabin.Adapters.HttpApi.Sandboxes;
using Kabin.Adapters.HttpApi.Tenants;
using Kabin.Sandboxes;
using Kabin.Sandboxes.Work;
using Kabin.Tenants;

namespace Kabin.Adapters.HttpApi;

/// <summary>Source-generated JSON for the API's bodies, also what the OpenAPI document's schemas come from.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TenantView))]
[JsonSerializable(typeof(TenantList))]
[JsonSerializable(typeof(TenantSpec))]
[JsonSerializable(typeof(SandboxRecord))]
[JsonSerializable(typeof(SandboxList))]
[JsonSerializable(typeof(SandboxRequest))]
[JsonSerializable(typeof(SandboxCommand))]
[JsonSerializable(typeof(SandboxCommandResult))]
[JsonSerializable(typeof(SandboxDirectoryListing))]
[JsonSerializable(typeof(byte[]))]
[JsonSerializable(typeof(PolicyCheckReport))]
[JsonSerializable(typeof(HttpProblem))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
