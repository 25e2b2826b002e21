using System.Text.Json.Nodes;

namespace Kabin.Policy;

/// <summary>
/// The pod spec inside a workload and where it sits: <see cref="SpecPath"/> in the object's own
/// field-path terms (<c>spec.jobTemplate.spec.template.spec</c>), <see cref="SpecPointer"/> as a
/// JSON Pointer for patches, and the pod metadata (annotations) beside it.
/// </summary>
public sealed record PodTemplate(
    string Kind, JsonObject Spec, JsonObject? Metadata, string SpecPath, string SpecPointer, string MetadataPath);
