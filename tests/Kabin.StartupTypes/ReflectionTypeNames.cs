namespace Kabin.StartupTypes;

/// <summary>Turns the container's type names back into types, and types into rd.xml names.</summary>
public static class ReflectionTypeNames
{
    /// <summary>A type from its <see cref="Type.ToString"/> form (<c>A`1[B]</c>, <c>C[]</c>) among the loaded assemblies; null when absent.</summary>
    public static Type? Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim();
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            return Resolve(name[..^2])?.MakeArrayType();
        }

        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return Find(name);
        }

        var definition = Find(name[..open]);
        var arguments = Arguments(name[(open + 1)..^1]).Select(Resolve).ToArray();
        return definition is null || arguments.Any(argument => argument is null)
            ? null
            : definition.MakeGenericType(arguments!);
    }

    /// <summary>The name rd.xml wants: generic arguments assembly-qualified without version, <c>[]</c> for arrays.</summary>
    public static string RdXmlName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsArray)
        {
            return RdXmlName(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.FullName!;
        }

        var arguments = type.GetGenericArguments().Select(argument => $"[{RdXmlName(argument)},{argument.Assembly.GetName().Name}]");
        return $"{type.GetGenericTypeDefinition().FullName}[{string.Join(',', arguments)}]";
    }

    /// <summary>The assembly rd.xml files a type under: its element type's for an array.</summary>
    public static string AssemblyOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return (type.IsArray ? type.GetElementType()! : type).Assembly.GetName().Name!;
    }

    private static Type? Find(string fullName) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetType(fullName)).FirstOrDefault(type => type is not null);

    private static IEnumerable<string> Arguments(string list)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            switch (list[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return list[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return list[start..];
    }
}
