using System.Text.RegularExpressions;
using Kabin.Quantities;

namespace Kabin.Sandboxes;

/// <summary>
/// Checks the shape of a sandbox request: whatever fails here can never succeed and is a 422.
/// Whether the tenant may have the sandbox is the policy engine's and the count's question.
/// </summary>
internal static partial class SandboxRequestValidator
{
    /// <summary>The longest Kubernetes object name.</summary>
    private const int MaxObjectName = 63;

    /// <summary>How many commands a request may carry to run once its sandbox is Running.</summary>
    public const int MaxCommands = 16;

    public static void Validate(SandboxRequest request, SandboxOptions options)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.Tenant))
        {
            errors.Add(new FieldError("tenant", "Name the tenant the sandbox belongs to."));
        }
        else if (!Tenants.TenantSpecValidator.IsDnsLabel(request.Tenant))
        {
            // Checked before the name reaches a lookup, a cache, a log line or a reply's subject.
            errors.Add(new FieldError("tenant", "A tenant name is a DNS label of at most 63 characters: lowercase letters, digits and '-'."));
        }

        var maxName = MaxObjectName - options.PodNamePrefix.Length;
        if (string.IsNullOrEmpty(request.Name) || request.Name.Length > maxName || !DnsLabel().IsMatch(request.Name))
        {
            errors.Add(new FieldError("name",
                $"Use a DNS label of at most {maxName} characters: lowercase letters, digits and '-', starting and ending with a letter or digit."));
        }

        if (string.IsNullOrWhiteSpace(request.Image) && request.Pool is null)
        {
            errors.Add(new FieldError("image", "Name the container image, such as ghcr.io/acme/runner:1, or a warm pool (pool)."));
        }

        CheckQuantity(request.Cpu, "cpu", "1 or 500m", errors);
        CheckQuantity(request.Memory, "memory", "1Gi or 512Mi", errors);
        if (request.Commands is { } commands)
        {
            if (commands.Count > MaxCommands)
            {
                errors.Add(new FieldError("commands", $"A sandbox request carries at most {MaxCommands} commands; run more through the commands API."));
            }

            for (var i = 0; i < Math.Min(commands.Count, MaxCommands); i++)
            {
                try
                {
                    _ = Work.SandboxCommandLine.Build(commands[i], options.Work);
                }
                catch (InvalidEventDataException invalid)
                {
                    errors.AddRange(invalid.Errors.Select(error => error with { Field = $"commands[{i}].{error.Field}" }));
                }
                catch (Work.SandboxWorkRefusedException tooLarge)
                {
                    errors.Add(new FieldError($"commands[{i}].stdin", tooLarge.Message));
                }
            }
        }

        if (request.TtlSeconds is <= 0)
        {
            errors.Add(new FieldError("ttlSeconds", "Give a positive number of seconds, or leave it out for the default."));
        }

        foreach (var key in request.Env?.Keys ?? [])
        {
            if (!EnvName().IsMatch(key))
            {
                errors.Add(new FieldError($"env.{key}", "Environment variable names use letters, digits, '_', '-' and '.', not starting with a digit."));
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidEventDataException(
                "The sandbox request is invalid: " + string.Join("; ", errors.Select(error => $"{error.Field}: {error.Message}")),
                errors);
        }
    }

    private static void CheckQuantity(string? value, string field, string example, List<FieldError> errors)
    {
        if (value is not null && (!ResourceQuantity.TryParse(value, out var quantity) || quantity <= ResourceQuantity.Zero))
        {
            errors.Add(new FieldError(field, $"Give a positive Kubernetes quantity such as {example}."));
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
