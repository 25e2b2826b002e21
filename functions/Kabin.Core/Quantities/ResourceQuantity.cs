using System.Globalization;

namespace Kabin.Quantities;

/// <summary>
/// A Kubernetes resource quantity (<c>250m</c>, <c>1.5</c>, <c>4Gi</c>, <c>1e3</c>) as an exact
/// decimal in base units: cores for CPU, bytes for memory.
/// </summary>
public readonly record struct ResourceQuantity(decimal Value) : IComparable<ResourceQuantity>
{
    private const decimal Ki = 1024m;

    // Far beyond any real node; keeps arithmetic on sums of quantities from overflowing decimal.
    private static readonly decimal Largest = 1e24m;

    public static ResourceQuantity Zero { get; } = new(0m);

    public static ResourceQuantity Parse(string text) =>
        TryParse(text, out var quantity)
            ? quantity
            : throw new FormatException(
                $"'{text}' is not a Kubernetes quantity. Use a number with an optional suffix such as 500m, 2, 512Mi or 4Gi.");

    public static bool TryParse(string? text, out ResourceQuantity quantity)
    {
        quantity = Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var split = 0;
        while (split < text.Length && (char.IsAsciiDigit(text[split]) || text[split] is '.' or '+' or '-'))
        {
            split++;
        }

        var number = text[..split];
        var suffix = text[split..];
        if (number.Length == 0 || number.Count(c => c == '.') > 1 || number.LastIndexOfAny(['+', '-']) > 0
            || !decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        if (!TryMultiplier(suffix, out var multiplier))
        {
            return false;
        }

        try
        {
            var result = value * multiplier;
            if (result < 0 || result > Largest)
            {
                return false;
            }

            quantity = new ResourceQuantity(result);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static ResourceQuantity operator +(ResourceQuantity left, ResourceQuantity right) => new(left.Value + right.Value);

    public static ResourceQuantity operator *(ResourceQuantity left, int factor) => new(left.Value * factor);

    public static bool operator <(ResourceQuantity left, ResourceQuantity right) => left.Value < right.Value;

    public static bool operator >(ResourceQuantity left, ResourceQuantity right) => left.Value > right.Value;

    public static bool operator <=(ResourceQuantity left, ResourceQuantity right) => left.Value <= right.Value;

    public static bool operator >=(ResourceQuantity left, ResourceQuantity right) => left.Value >= right.Value;

    public int CompareTo(ResourceQuantity other) => Value.CompareTo(other.Value);

    /// <summary>CPU in canonical form: whole cores (<c>8</c>) or millicores (<c>8250m</c>), rounded up.</summary>
    public string ToCpuString()
    {
        var milli = decimal.Ceiling(Value * 1000m);
        return milli % 1000m == 0
            ? (milli / 1000m).ToString("0", CultureInfo.InvariantCulture)
            : milli.ToString("0", CultureInfo.InvariantCulture) + "m";
    }

    /// <summary>Memory in the largest binary unit that divides it exactly (<c>16544Mi</c>), else bytes rounded up.</summary>
    public string ToMemoryString()
    {
        var bytes = decimal.Ceiling(Value);
        foreach (var (unit, size) in new[] { ("Ti", Ki * Ki * Ki * Ki), ("Gi", Ki * Ki * Ki), ("Mi", Ki * Ki), ("Ki", Ki) })
        {
            if (bytes >= size && bytes % size == 0)
            {
                return (bytes / size).ToString("0", CultureInfo.InvariantCulture) + unit;
            }
        }

        return bytes.ToString("0", CultureInfo.InvariantCulture);
    }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    private static bool TryMultiplier(string suffix, out decimal multiplier)
    {
        multiplier = suffix switch
        {
            "" => 1m,
            "n" => 1e-9m,
            "u" => 1e-6m,
            "m" => 1e-3m,
            "k" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            "P" => 1e15m,
            "E" => 1e18m,
            "Ki" => Ki,
            "Mi" => Ki * Ki,
            "Gi" => Ki * Ki * Ki,
            "Ti" => Ki * Ki * Ki * Ki,
            "Pi" => Ki * Ki * Ki * Ki * Ki,
            "Ei" => Ki * Ki * Ki * Ki * Ki * Ki,
            _ => -1m,
        };
        if (multiplier > 0)
        {
            return true;
        }

        // Decimal exponent form: 1e3, 5E-2.
        if (suffix.Length >= 2 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
            && exponent is >= -18 and <= 18)
        {
            multiplier = 1m;
            for (var i = 0; i < Math.Abs(exponent); i++)
            {
                multiplier = exponent > 0 ? multiplier * 10m : multiplier / 10m;
            }

            return true;
        }

        return false;
    }
}
