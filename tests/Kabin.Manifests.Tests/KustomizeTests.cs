using Kabin.Manifests.Tests.Support;

namespace Kabin.Manifests.Tests;

/// <summary><c>kubectl kustomize</c> builds each folder, with every manifest its kustomization lists.</summary>
public sealed class KustomizeTests
{
    [KubectlTheory]
    [InlineData("knative")]
    [InlineData("eventing")]
    public async Task Kustomization_builds_every_listed_manifest(string folder)
    {
        var result = await Tools.RunAsync(Tools.Kubectl!, ["kustomize", folder], RepositoryRoot.Path, CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.ToString());
        var built = YamlJson.ReadAll(result.StandardOutput).OfType<System.Text.Json.Nodes.JsonObject>()
            .Select(node => $"{node["kind"]}/{node["metadata"]?["name"]}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var listed = ManifestSet.All
            .Where(manifest => manifest.File.StartsWith(folder + "/", StringComparison.Ordinal) && !manifest.File.Contains("/features/", StringComparison.Ordinal))
            .Select(manifest => $"{manifest.Kind}/{manifest.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(listed, built);
    }

    [KubectlTheory]
    [InlineData("knative")]
    public async Task Kustomization_sets_the_host_image_on_every_function_service(string folder)
    {
        var result = await Tools.RunAsync(Tools.Kubectl!, ["kustomize", folder], RepositoryRoot.Path, CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.ToString());
        var images = YamlJson.ReadAll(result.StandardOutput).OfType<System.Text.Json.Nodes.JsonObject>()
            .Where(node => (string?)node["kind"] == "Service" && (string?)node["apiVersion"] == "serving.knative.dev/v1")
            .Select(node => (string?)node["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"])
            .ToList();
        Assert.Equal(4, images.Count);
        Assert.All(images, image => Assert.Equal("registry.example/kabin/host:0.1.0", image));
    }
}
