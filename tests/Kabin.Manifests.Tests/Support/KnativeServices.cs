using System.Text.Json.Nodes;

namespace Kabin.Manifests.Tests.Support;

/// <summary>The Kabin function services of <c>knative/</c> and the parts of them the checks read.</summary>
public static class KnativeServices
{
    /// <summary>Each function service and the functions it serves (admission is the policy function warm).</summary>
    public static TheoryData<string, string> Functions() => new()
    {
        { "kabin-tenant", "tenant" },
        { "kabin-policy", "policy" },
        { "kabin-admission", "policy" },
        { "kabin-sandbox", "sandbox" },
    };

    /// <summary>The services that receive events and so follow func.yaml's scale to zero.</summary>
    public static TheoryData<string> EventServices() => ["kabin-tenant", "kabin-policy", "kabin-sandbox"];

    public static Manifest Get(string name) => ManifestSet.Named("serving.knative.dev", "Service", name);

    public static JsonNode Template(string name) => Get(name).Body["spec"]!["template"]!;

    public static JsonNode Container(string name) => Template(name)["spec"]!["containers"]![0]!;

    public static string? TemplateAnnotation(string name, string key) => (string?)Template(name)["metadata"]?["annotations"]?[key];

    public static string? Env(string name, string variable) =>
        (Container(name)["env"] as JsonArray ?? []).Where(item => (string?)item?["name"] == variable).Select(item => (string?)item?["value"]).SingleOrDefault();
}
