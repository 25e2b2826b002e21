namespace Kabin.LocalCluster;

/// <summary>One field of a Kubernetes protobuf message: its number, JSON name and how its value is read.</summary>
internal sealed record ProtoField(int Number, string Name, ProtoKind Kind, IReadOnlyDictionary<int, ProtoField>? Message = null, bool Repeated = false);
