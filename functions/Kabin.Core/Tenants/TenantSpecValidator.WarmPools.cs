using Kabin.Quantities;

namespace Kabin.Tenants;

public static partial class TenantSpecValidator
{
    /// <summary>Warm pools a tenant may have, and members over all of them.</summary>
    public const int MaxWarmPools = 8;
    public const int MaxWarmMembers = 50;

    /// <summary>
    /// The tenant's pools: each a DNS-label name, one of the tenant's runtime classes, a size no
    /// larger than its largest sandbox, an image from its registries. All members together, with
    /// their runtime class's pod overhead, must fit in the quota and leave room for one sandbox of
    /// the largest size, so a pool can never starve the tenant's own requests.
    /// </summary>
    private static List<WarmPool> ValidateWarmPools(
        TenantSpec spec, TenantOptions options, IReadOnlyList<string> runtimeClasses, string? defaultRuntimeClass, IReadOnlyList<string> registries,
        (ResourceQuantity? Cpu, ResourceQuantity? Memory, int Pods) quota, (ResourceQuantity? Cpu, ResourceQuantity? Memory) largest, List<FieldError> errors)
    {
        var specs = spec.WarmPools ?? [];
        if (specs.Count > MaxWarmPools)
        {
            errors.Add(new FieldError("warmPools", $"a tenant has at most {MaxWarmPools} warm pools."));
            return [];
        }

        var pools = new List<WarmPool>();
        var (cpu, memory, members) = (ResourceQuantity.Zero, ResourceQuantity.Zero, 0);
        for (var i = 0; i < specs.Count; i++)
        {
            var at = $"warmPools[{i}]";
            var pool = specs[i];
            var count = errors.Count;
            if (pool.Name is not { } name || !IsDnsLabel(name) || name.Length > 20)
            {
                errors.Add(new FieldError($"{at}.name", "a DNS label of at most 20 characters, unique among the tenant's pools."));
            }
            else if (specs.Take(i).Any(other => other.Name == name))
            {
                errors.Add(new FieldError($"{at}.name", $"'{name}' names another pool already."));
            }

            var runtimeClass = pool.RuntimeClass ?? defaultRuntimeClass ?? "";
            if (!runtimeClasses.Contains(runtimeClass))
            {
                errors.Add(new FieldError($"{at}.runtimeClass", $"must be one of the tenant's runtime classes ({string.Join(", ", runtimeClasses)})."));
            }

            var poolCpu = Quantity($"{at}.cpu", pool.Cpu ?? options.Defaults.WarmPoolCpu, errors);
            var poolMemory = Quantity($"{at}.memory", pool.Memory ?? options.Defaults.WarmPoolMemory, errors);
            AtMost($"{at}.cpu", poolCpu, "sandboxes.maxCpu", largest.Cpu, errors);
            AtMost($"{at}.memory", poolMemory, "sandboxes.maxMemory", largest.Memory, errors);
            if (string.IsNullOrWhiteSpace(pool.Image)
                || (registries.Count > 0 && !registries.Any(registry => pool.Image.StartsWith(registry, StringComparison.Ordinal))))
            {
                errors.Add(new FieldError($"{at}.image", $"an image from the tenant's registries ({string.Join(", ", registries)})."));
            }

            var replicas = pool.Replicas ?? 1;
            if (replicas is < 0 or > MaxWarmMembers)
            {
                errors.Add(new FieldError($"{at}.replicas", $"between 0 and {MaxWarmMembers}."));
            }

            var strategy = pool.UpdateStrategy switch
            {
                null or "OnReplenish" => WarmPoolUpdateStrategy.OnReplenish,
                "Recreate" => WarmPoolUpdateStrategy.Recreate,
                _ => (WarmPoolUpdateStrategy?)null,
            };
            if (strategy is null)
            {
                errors.Add(new FieldError($"{at}.updateStrategy", "OnReplenish (the default) or Recreate."));
            }

            if (errors.Count > count || poolCpu is null || poolMemory is null)
            {
                continue;
            }

            var overhead = options.RuntimeClassOverheads[runtimeClass];
            cpu += (poolCpu.Value + ResourceQuantity.Parse(overhead.Cpu)) * replicas;
            memory += (poolMemory.Value + ResourceQuantity.Parse(overhead.Memory)) * replicas;
            members += replicas;
            pools.Add(new WarmPool(pool.Name!, runtimeClass, poolCpu.Value.ToCpuString(), poolMemory.Value.ToMemoryString(), pool.Image!, replicas, strategy!.Value));
        }

        if (members > MaxWarmMembers)
        {
            errors.Add(new FieldError("warmPools", $"{members} members in all; a tenant keeps at most {MaxWarmMembers} warm."));
        }

        if (quota is { Cpu: { } quotaCpu, Memory: { } quotaMemory } && largest is { Cpu: { } maxCpu, Memory: { } maxMemory }
            && (cpu + maxCpu > quotaCpu || memory + maxMemory > quotaMemory || members + 1 > quota.Pods))
        {
            errors.Add(new FieldError("warmPools",
                $"the pools' {members} members take {cpu.ToCpuString()} CPU and {memory.ToMemoryString()} memory with their VM overhead; with room for one more sandbox of the largest size that exceeds the quota ({quotaCpu.ToCpuString()} CPU, {quotaMemory.ToMemoryString()}, {quota.Pods} pods). Lower the replicas or raise the quota."));
        }

        return pools;
    }
}
