using System.Text.RegularExpressions;

namespace Kabin.Tenants;

/// <summary>Names: the tenant's own, its owners', its runtime classes and registries.</summary>
public static partial class TenantSpecValidator
{
    private const int MaxLabelLength = 63;

    private static readonly string[] OwnerKinds = ["User", "Group", "ServiceAccount"];

    /// <summary>True when <paramref name="value"/> is a DNS-1123 label: lowercase alphanumerics and '-', at most 63 characters.</summary>
    public static bool IsDnsLabel(string value) =>
        value.Length is > 0 and <= MaxLabelLength && DnsLabel().IsMatch(value);

    private static string? ValidateName(string? name, string prefix, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(new FieldError("name", "is required: a DNS-1123 label such as 'acme'."));
            return null;
        }

        var before = errors.Count;
        if (!IsDnsLabel(name))
        {
            errors.Add(new FieldError("name",
                $"'{name}' is not a DNS-1123 label; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most {MaxLabelLength} characters."));
        }
        else if (prefix.Length + name.Length > MaxLabelLength)
        {
            errors.Add(new FieldError("name",
                $"is too long: the namespace '{prefix}{name}' must fit in {MaxLabelLength} characters, so use at most {MaxLabelLength - prefix.Length}."));
        }

        if (name == "default" || name.StartsWith("kube-", StringComparison.Ordinal)
            || name.StartsWith("knative-", StringComparison.Ordinal) || name.StartsWith("kabin", StringComparison.Ordinal))
        {
            errors.Add(new FieldError("name", $"'{name}' is reserved (default, kube-*, knative-*, kabin*); choose another name."));
        }

        return errors.Count == before ? name : null;
    }

    private static List<TenantOwner> ValidateOwners(IReadOnlyList<TenantOwnerSpec>? owners, List<FieldError> errors)
    {
        var result = new List<TenantOwner>();
        for (var i = 0; i < (owners?.Count ?? 0); i++)
        {
            var owner = owners![i];
            var path = $"owners[{i}]";
            if (owner is null)
            {
                errors.Add(new FieldError(path, "must be an object with kind and name."));
                continue;
            }

            var valid = true;
            if (owner.Kind is null || !OwnerKinds.Contains(owner.Kind))
            {
                errors.Add(new FieldError(path + ".kind", $"'{owner.Kind}' is not an owner kind; use User, Group or ServiceAccount."));
                valid = false;
            }

            if (string.IsNullOrWhiteSpace(owner.Name) || owner.Name.Length > 253)
            {
                errors.Add(new FieldError(path + ".name", "is required and at most 253 characters."));
                valid = false;
            }
            else if (owner.Kind == "ServiceAccount" && !IsServiceAccountName(owner.Name))
            {
                errors.Add(new FieldError(path + ".name",
                    $"'{owner.Name}' is not a service account; use 'name' (in the tenant's namespace) or 'namespace/name', both DNS-1123 labels."));
                valid = false;
            }

            var normalized = new TenantOwner(owner.Kind ?? string.Empty, owner.Name ?? string.Empty);
            if (valid && !result.Contains(normalized))
            {
                result.Add(normalized);
            }
        }

        return result;
    }

    private static (IReadOnlyList<string> Classes, string? Default) ValidateRuntimeClasses(
        TenantSpec spec, TenantOptions options, List<FieldError> errors)
    {
        var classes = (spec.RuntimeClasses ?? options.Defaults.EffectiveRuntimeClasses).Distinct(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
        {
            errors.Add(new FieldError("runtimeClasses", "must name at least one VM runtime class, or be left out for the default."));
        }

        var known = string.Join(", ", options.RuntimeClassOverheads.Keys.Order(StringComparer.Ordinal));
        for (var i = 0; i < classes.Length; i++)
        {
            if (classes[i] is null || !options.RuntimeClassOverheads.ContainsKey(classes[i]))
            {
                errors.Add(new FieldError($"runtimeClasses[{i}]", $"'{classes[i]}' is not a VM runtime class of this cluster; use one of {known}."));
            }
        }

        var chosen = spec.DefaultRuntimeClass
            ?? (spec.RuntimeClasses is null ? options.Defaults.DefaultRuntimeClass : null)
            ?? classes.FirstOrDefault();
        if (chosen is not null && !classes.Contains(chosen))
        {
            errors.Add(new FieldError("defaultRuntimeClass", $"'{chosen}' is not among runtimeClasses; add it there or pick one of them."));
        }

        return (classes, chosen);
    }

    private static IReadOnlyList<string> ValidateRegistries(IReadOnlyList<string> registries, List<FieldError> errors)
    {
        for (var i = 0; i < registries.Count; i++)
        {
            var registry = registries[i];
            if (string.IsNullOrWhiteSpace(registry) || registry.Length > 255
                || registry.Any(char.IsWhiteSpace) || registry.Contains("://", StringComparison.Ordinal))
            {
                errors.Add(new FieldError($"registries[{i}]",
                    $"'{registry}' is not an image reference prefix; write it without a scheme, such as 'ghcr.io/acme/'."));
            }
        }

        return [.. registries.Distinct(StringComparer.Ordinal)];
    }

    private static bool IsServiceAccountName(string name)
    {
        var parts = name.Split('/');
        return parts.Length is 1 or 2 && parts.All(IsDnsLabel);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
