using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kabin.Adapters.HttpApi.Yaml;

/// <summary>
/// Types a YAML scalar the way kubectl does (go-yaml v2, YAML 1.1): quoted scalars are strings;
/// plain ones are null (<c>~</c>, <c>null</c>, empty), bool (<c>true</c>, <c>yes</c>, <c>on</c>,
/// <c>y</c>, ... in three casings), int (decimal, <c>0x</c>, <c>0o</c>/leading-zero octal,
/// <c>0b</c>, underscores allowed), float, or else strings. Explicit tags win.
/// </summary>
internal static class YamlScalars
{
    private const string TagPrefix = "tag:yaml.org,2002:";
    private static readonly HashSet<string> s_nulls = new(["", "~", "null", "Null", "NULL"], StringComparer.Ordinal);
    private static readonly HashSet<string> s_trues = new(
        ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], StringComparer.Ordinal);
    private static readonly HashSet<string> s_falses = new(
        ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], StringComparer.Ordinal);

    public static JsonNode? Resolve(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        return tag switch
        {
            TagPrefix + "str" => JsonValue.Create(scalar.Value),
            TagPrefix + "null" => null,
            TagPrefix + "bool" or TagPrefix + "int" or TagPrefix + "float" => Plain(scalar.Value) is JsonValue typed
                ? typed
                : throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a valid {tag[TagPrefix.Length..]}."),
            _ when scalar.Style != ScalarStyle.Plain || tag is not null => JsonValue.Create(scalar.Value),
            _ => Plain(scalar.Value),
        };
    }

    private static JsonValue? Plain(string value)
    {
        if (s_nulls.Contains(value))
        {
            return null;
        }

        if (s_trues.Contains(value) || s_falses.Contains(value))
        {
            return JsonValue.Create(s_trues.Contains(value));
        }

        if (value.Length == 0 || !(char.IsAsciiDigit(value[0]) || value[0] is '-' or '+' or '.'))
        {
            return JsonValue.Create(value);
        }

        return Integer(value.Replace("_", "", StringComparison.Ordinal)) ?? Float(value) ?? JsonValue.Create(value);
    }

    private static JsonValue? Integer(string text)
    {
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('-', '+');
        if (digits.Length == 0 || text.Length - digits.Length > 1)
        {
            return null;
        }

        var (radix, body) = digits switch
        {
            _ when digits.StartsWith("0x", StringComparison.Ordinal) => (16, digits[2..]),
            _ when digits.StartsWith("0o", StringComparison.Ordinal) => (8, digits[2..]),
            _ when digits.StartsWith("0b", StringComparison.Ordinal) => (2, digits[2..]),
            _ when digits.Length > 1 && digits[0] == '0' => (8, digits[1..]),
            _ => (10, digits),
        };
        if (body.Length == 0 || !body.All(c => char.IsAsciiHexDigit(c) && Convert.ToInt32(c.ToString(), 16) < radix))
        {
            return null;
        }

        try
        {
            var magnitude = radix == 10
                ? ulong.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture)
                : Convert.ToUInt64(body, radix);
            if (!negative)
            {
                return magnitude <= long.MaxValue ? JsonValue.Create((long)magnitude) : JsonValue.Create(magnitude);
            }

            return magnitude <= (ulong)long.MaxValue + 1 ? JsonValue.Create(unchecked(-(long)magnitude)) : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static JsonValue? Float(string text)
    {
        var body = text.TrimStart('-', '+');
        var valid = text.Length - body.Length <= 1 && body.Length > 0 && body != "."
            && body.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+' or '_')
            && (char.IsAsciiDigit(body[0]) || (body[0] == '.' && body.Length > 1 && char.IsAsciiDigit(body[1])));
        return valid && double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number)
                ? JsonValue.Create(number)
                : null;
    }
}
