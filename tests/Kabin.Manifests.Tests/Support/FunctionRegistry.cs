using System.Reflection;
using Kabin.Events;

namespace Kabin.Manifests.Tests.Support;

/// <summary>
/// What the code itself says each function takes and emits: the event types its handlers register
/// (through <c>AddKabin</c>, as the host composes it) and the constants of the
/// <c>*EventTypes</c> classes in Kabin.Core. Never a copied list.
/// </summary>
public static class FunctionRegistry
{
    public static IReadOnlySet<string> HandledTypes(string function)
    {
        using var harness = new FunctionHarness(function);
        return harness.HandledTypes;
    }

    /// <summary>The public string constants of every public static <c>*EventTypes</c> class, by class name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> DeclaredTypes() =>
        typeof(KabinFunctions).Assembly.GetExportedTypes()
            .Where(type => type.IsAbstract && type.IsSealed && type.Name.EndsWith("EventTypes", StringComparison.Ordinal))
            .ToDictionary(
                type => type.Name,
                type => (IReadOnlySet<string>)type.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Where(field => field.IsLiteral && field.FieldType == typeof(string))
                    .Select(field => (string)field.GetRawConstantValue()!)
                    .ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
}
