using CloudNative.CloudEvents;

namespace Kabin.Events;

/// <summary>
/// The <c>kabintenant</c> extension attribute: the tenant a sandbox or policy event acts for, where
/// the Broker's EventPolicies can see it (they filter on attributes, never on data). Modelled on
/// the SDK's Partitioning extension.
/// </summary>
public static class TenantExtension
{
    public const string Name = "kabintenant";

    public static CloudEventAttribute Attribute { get; } = CloudEventAttribute.CreateExtension(Name, CloudEventAttributeType.String);

    public static IEnumerable<CloudEventAttribute> AllAttributes { get; } = [Attribute];

    public static CloudEvent SetKabinTenant(this CloudEvent cloudEvent, string? tenant)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        cloudEvent[Name] = tenant;
        return cloudEvent;
    }

    public static string? GetKabinTenant(this CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return cloudEvent[Name] as string;
    }

    /// <summary>
    /// Refuses (422) an event whose <c>kabintenant</c> names another tenant than its data does, and
    /// one without the attribute when <paramref name="required"/>: the Broker admitted the sender for
    /// the attribute's tenant only, so the data may not act for another.
    /// </summary>
    public static void EnsureActsFor(this CloudEvent cloudEvent, string? dataTenant, bool required)
    {
        var attribute = cloudEvent.GetKabinTenant();
        if (attribute is null)
        {
            if (required)
            {
                throw InvalidEventDataException.ForField(Name,
                    $"this event must carry the {Name} extension attribute naming its tenant; the Broker admits each sender for its own tenant only.");
            }

            return;
        }

        if (!string.Equals(attribute, dataTenant, StringComparison.Ordinal))
        {
            throw InvalidEventDataException.ForField("tenant",
                $"the event's {Name} attribute names another tenant than its data; a sender acts only for the tenant the attribute names.");
        }
    }
}
