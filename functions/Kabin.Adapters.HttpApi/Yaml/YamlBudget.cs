using System.Globalization;

namespace Kabin.Adapters.HttpApi.Yaml;

/// <summary>Counts the nodes of one YAML stream, aliases expanded, against <see cref="YamlLimits.MaxNodes"/>.</summary>
internal sealed class YamlBudget(YamlLimits limits)
{
    private int _nodes;

    public YamlLimits Limits => limits;

    public void Count(int nodes)
    {
        _nodes += nodes;
        if (_nodes > limits.MaxNodes)
        {
            throw InvalidEventDataException.ForField("$",
                $"the body holds more than {limits.MaxNodes.ToString(CultureInfo.InvariantCulture)} YAML nodes (aliases expanded); send less.");
        }
    }
}
