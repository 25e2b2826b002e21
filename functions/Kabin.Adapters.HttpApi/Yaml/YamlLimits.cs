namespace Kabin.Adapters.HttpApi.Yaml;

/// <summary>Bounds on one YAML stream: documents, nodes (aliases expanded) and nesting depth.</summary>
public sealed record YamlLimits(int MaxDocuments, int MaxNodes, int MaxDepth);
