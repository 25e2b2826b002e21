namespace Kabin.LocalCluster;

/// <summary>How a label selector requirement compares a label.</summary>
public enum SelectorOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
