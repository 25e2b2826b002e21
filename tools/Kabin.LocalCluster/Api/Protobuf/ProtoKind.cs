namespace Kabin.LocalCluster;

/// <summary>How a protobuf field's value becomes JSON.</summary>
internal enum ProtoKind
{
    String,
    Int,
    Bool,
    Message,
    StringMap,
    Time,
}
