using Kabin.Manifests.Tests.Support;

namespace Kabin.Manifests.Tests;

/// <summary>Runs validate/validate.mjs: every manifest against the Kubernetes, Knative and cert-manager models.</summary>
public sealed class SchemaValidationTests
{
    private static Task<ProcessResult> ValidateAsync(string root) =>
        Tools.RunAsync(Tools.Node!, ["validate.mjs", root], Tools.ValidatorFolder, CancellationToken.None);

    [ValidatorFact]
    public async Task Every_manifest_in_knative_and_eventing_validates_against_its_schema()
    {
        var result = await ValidateAsync(RepositoryRoot.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"checked {ManifestSet.All.Count + 2} documents, 0 problems", result.StandardOutput, StringComparison.Ordinal);
    }

    [ValidatorFact]
    public async Task Validator_names_file_and_document_of_an_invalid_manifest_an_unknown_kind_and_a_bad_component()
    {
        var root = Directory.CreateTempSubdirectory("kabin-manifests-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "knative"));
            Directory.CreateDirectory(Path.Combine(root, "eventing"));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "testdata", "invalid.yaml"), Path.Combine(root, "knative", "invalid.yaml"));

            var result = await ValidateAsync(root);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("knative/invalid.yaml#0 Service/wrong-port: data/spec/template/spec/containers/0/ports/0/containerPort must be integer", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("knative/invalid.yaml#1 Gizmo/unknown: unknown kind Gizmo in example.dev/v1", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("knative/invalid.yaml#2 Component/no-version: spec.version must be", result.StandardError, StringComparison.Ordinal);
            Assert.Contains("knative/invalid.yaml#3 Trigger/no-subscriber: data/spec must have required property subscriber", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
