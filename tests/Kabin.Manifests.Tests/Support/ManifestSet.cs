using System.Text.Json.Nodes;

namespace Kabin.Manifests.Tests.Support;

/// <summary>Every manifest of <c>knative/</c> and <c>eventing/</c> (kustomizations excluded), loaded once.</summary>
public static class ManifestSet
{
    private static readonly Lazy<IReadOnlyList<Manifest>> s_all = new(() => Load(RepositoryRoot.Path));

    public static IReadOnlyList<Manifest> All => s_all.Value;

    public static IEnumerable<Manifest> OfKind(string group, string kind) => All.Where(manifest => manifest.Is(group, kind));

    public static Manifest Named(string group, string kind, string name)
    {
        var matches = OfKind(group, kind).Where(manifest => manifest.Name == name).ToList();
        Assert.True(matches.Count == 1, $"Expected one {kind} named {name} in knative/ or eventing/, found {matches.Count}.");
        return matches[0];
    }

    public static IReadOnlyList<Manifest> Load(string root)
    {
        var manifests = new List<Manifest>();
        foreach (var folder in new[] { "knative", "eventing" })
        {
            var files = Directory.EnumerateFiles(Path.Combine(root, folder), "*.yaml", SearchOption.AllDirectories)
                .Where(file => Path.GetFileName(file) != "kustomization.yaml")
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var documents = YamlJson.ReadAll(File.ReadAllText(file));
                for (var index = 0; index < documents.Count; index++)
                {
                    if (documents[index] is JsonObject document)
                    {
                        manifests.Add(new Manifest(Path.GetRelativePath(root, file).Replace('\\', '/'), index, document));
                    }
                }
            }
        }

        return manifests;
    }
}
