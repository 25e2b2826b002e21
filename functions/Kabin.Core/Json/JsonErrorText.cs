using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kabin;

/// <summary>
/// What a <see cref="JsonException"/> means, said to the sender of the JSON: System.Text.Json
/// names .NET types and members ("could not be mapped to any .NET member contained in type
/// 'Kabin.Tenants.TenantSpec'"), which tell a caller nothing and show Kabin's insides. The field
/// is reported apart (the exception's path), so the text names what is wrong with it.
/// </summary>
public static partial class JsonErrorText
{
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            return $"'{unmapped.Groups["name"].Value}' is not a field Kabin knows here; remove it or check its spelling (names are case-sensitive).";
        }

        if (NotConvertible().Match(message) is { Success: true } conversion)
        {
            // For a record built through its constructor, the type named is the record's, not the
            // field's: then only the fact is certain.
            return Friendly(conversion.Groups["type"].Value) is { } expected
                ? $"has the wrong type: it must be {expected}."
                : "has the wrong type for this field.";
        }

        // Reader errors ("'x' is an invalid start of a value") name no types; drop the path and
        // positions the field already gives.
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        return DotNetName().IsMatch(text) ? "is not valid here." : text;
    }

    private static string? Friendly(string type)
    {
        var name = type.StartsWith("System.Nullable`1[", StringComparison.Ordinal) ? type["System.Nullable`1[".Length..].TrimEnd(']') : type;
        return name switch
        {
            "System.String" => "a string",
            "System.Int32" or "System.Int64" or "System.UInt32" or "System.Int16" => "a whole number",
            "System.Double" or "System.Decimal" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time (RFC 3339)",
            _ when name.Contains("List`1", StringComparison.Ordinal) || name.Contains("[]", StringComparison.Ordinal)
                || name.Contains("Enumerable`1", StringComparison.Ordinal) || name.Contains("Collection`1", StringComparison.Ordinal) => "an array",
            _ when name.Contains("Dictionary`2", StringComparison.Ordinal) => "an object of string values",
            _ => null,
        };
    }

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex(@"The JSON value could not be converted to (?<type>[^ ]+?)\.? Path:")]
    private static partial Regex NotConvertible();

    [GeneratedRegex(@"\.NET|System\.|Kabin\.")]
    private static partial Regex DotNetName();
}
