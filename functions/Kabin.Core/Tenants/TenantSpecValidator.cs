using Kabin.Quantities;

namespace Kabin.Tenants;

/// <summary>
/// Checks a <see cref="TenantSpec"/> and turns it into the normalized <see cref="TenantRecord"/>:
/// defaults applied, quantities in canonical form, lists without duplicates. Every invalid field
/// is reported at once, so one rejection tells the sender everything to fix.
/// </summary>
public static partial class TenantSpecValidator
{
    private const int MaxPods = 10_000;

    private static readonly string[] EgressModes = ["none", "cluster", "internet"];

    public static TenantValidation Validate(TenantSpec spec, TenantOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<FieldError>();
        var defaults = options.Defaults;

        var name = ValidateName(spec.Name, options.NamespacePrefix, errors);
        var owners = ValidateOwners(spec.Owners, errors);
        var podSecurity = ValidatePodSecurity(spec.PodSecurity ?? defaults.PodSecurity, errors);
        var (runtimeClasses, defaultRuntimeClass) = ValidateRuntimeClasses(spec, options, errors);
        var registries = ValidateRegistries(spec.Registries ?? defaults.EffectiveRegistries, errors);

        var quotaCpu = Quantity("quota.cpu", spec.Quota?.Cpu ?? defaults.QuotaCpu, errors);
        var quotaMemory = Quantity("quota.memory", spec.Quota?.Memory ?? defaults.QuotaMemory, errors);
        var pods = spec.Quota?.Pods ?? defaults.QuotaPods;
        if (pods is < 1 or > MaxPods)
        {
            errors.Add(new FieldError("quota.pods", $"must be between 1 and {MaxPods}; it is {pods}."));
        }

        var ephemeralStorage = Quantity("quota.ephemeralStorage", spec.Quota?.EphemeralStorage ?? defaults.QuotaEphemeralStorage, errors);
        var objects = ValidateObjectCounts(spec.Quota, defaults, errors);

        var sandboxMax = spec.Sandboxes?.Max ?? defaults.SandboxMax;
        if (sandboxMax < 0 || sandboxMax > pods)
        {
            errors.Add(new FieldError("sandboxes.max", $"must be between 0 and quota.pods ({pods}); it is {sandboxMax}."));
        }

        var sandboxCpu = Quantity("sandboxes.maxCpu", spec.Sandboxes?.MaxCpu ?? defaults.SandboxMaxCpu, errors);
        var sandboxMemory = Quantity("sandboxes.maxMemory", spec.Sandboxes?.MaxMemory ?? defaults.SandboxMaxMemory, errors);
        AtMost("sandboxes.maxCpu", sandboxCpu, "quota.cpu", quotaCpu, errors);
        AtMost("sandboxes.maxMemory", sandboxMemory, "quota.memory", quotaMemory, errors);

        var warmPools = ValidateWarmPools(spec, options, runtimeClasses, defaultRuntimeClass, registries, (quotaCpu, quotaMemory, pods), (sandboxCpu, sandboxMemory), errors);

        var egress = spec.Network?.Egress ?? defaults.Egress;
        if (!EgressModes.Contains(egress))
        {
            errors.Add(new FieldError("network.egress", $"'{egress}' is not an egress mode; use none, cluster or internet."));
        }

        if (errors.Count > 0 || name is null || podSecurity is null || quotaCpu is null || quotaMemory is null || ephemeralStorage is null
            || sandboxCpu is null || sandboxMemory is null || defaultRuntimeClass is null)
        {
            return new TenantValidation(null, errors);
        }

        return new TenantValidation(
            new TenantRecord
            {
                Name = name,
                Namespace = options.NamespacePrefix + name,
                Owners = owners,
                PodSecurity = podSecurity.Value,
                RuntimeClasses = runtimeClasses,
                DefaultRuntimeClass = defaultRuntimeClass,
                Registries = registries,
                Quota = new TenantQuota(quotaCpu.Value.ToCpuString(), quotaMemory.Value.ToMemoryString(), pods, ephemeralStorage.Value.ToMemoryString(), objects),
                Sandboxes = new SandboxLimits(sandboxMax, sandboxCpu.Value.ToCpuString(), sandboxMemory.Value.ToMemoryString()),
                Network = new TenantNetwork(egress),
                WarmPools = warmPools,
                CachedImagesAllowed = !(spec.AlwaysPullImages ?? defaults.AlwaysPullImages),
            },
            errors);
    }

    private static PodSecurityLevel? ValidatePodSecurity(string level, List<FieldError> errors)
    {
        switch (level)
        {
            case "baseline":
                return PodSecurityLevel.Baseline;
            case "restricted":
                return PodSecurityLevel.Restricted;
            default:
                errors.Add(new FieldError("podSecurity",
                    $"'{level}' is not allowed; use baseline or restricted (privileged workloads are not tenant workloads)."));
                return null;
        }
    }

    private static ResourceQuantity? Quantity(string field, string text, List<FieldError> errors)
    {
        if (!ResourceQuantity.TryParse(text, out var quantity))
        {
            errors.Add(new FieldError(field, $"'{text}' is not a Kubernetes quantity; write e.g. 500m or 2 for CPU, 512Mi or 4Gi for memory."));
            return null;
        }

        if (quantity <= ResourceQuantity.Zero)
        {
            errors.Add(new FieldError(field, $"must be greater than zero; it is '{text}'."));
            return null;
        }

        return quantity;
    }

    private static void AtMost(
        string field, ResourceQuantity? value, string limitField, ResourceQuantity? limit, List<FieldError> errors)
    {
        if (value is { } v && limit is { } l && v > l)
        {
            errors.Add(new FieldError(field, $"one sandbox cannot be larger than the tenant's {limitField}; lower it or raise {limitField}."));
        }
    }
}
