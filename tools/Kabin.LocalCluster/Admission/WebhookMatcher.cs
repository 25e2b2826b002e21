using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>Whether a webhook applies to a write: its rules, namespaceSelector and objectSelector.</summary>
internal static class WebhookMatcher
{
    public static bool Matches(JsonObject webhook, AdmissionAttributes attributes, ObjectStore store, ApiResourceCatalog catalog)
    {
        var rules = (webhook["rules"] as JsonArray ?? []).OfType<JsonObject>();
        if (!rules.Any(rule => RuleMatches(rule, attributes)))
        {
            return false;
        }

        var key = attributes.Key;
        var namespaceSelector = LabelSelector.FromObject(webhook["namespaceSelector"] as JsonObject);
        if (key.Namespace is not null || key.Resource.Is("Namespace"))
        {
            var namespaceName = key.Namespace ?? key.Name;
            var found = store.Get(new ObjectKey(catalog.ByKind("v1", "Namespace"), null, namespaceName)) ?? (key.Resource.Is("Namespace") ? attributes.Object : null);
            if (!namespaceSelector.Matches(ObjectStore.LabelsOf(found ?? [])))
            {
                return false;
            }
        }

        var objectSelector = LabelSelector.FromObject(webhook["objectSelector"] as JsonObject);
        return objectSelector.Matches(ObjectStore.LabelsOf(attributes.Object ?? [])) || objectSelector.Matches(ObjectStore.LabelsOf(attributes.OldObject ?? []));
    }

    private static bool RuleMatches(JsonObject rule, AdmissionAttributes attributes)
    {
        static bool Has(JsonObject rule, string field, string value) =>
            (rule[field] as JsonArray ?? []).Any(v => v?.ToString() is "*" || v?.ToString() == value);
        var resource = attributes.Key.Resource;
        var scope = rule["scope"]?.ToString() ?? "*";
        var scopeMatches = scope == "*" || (scope == "Namespaced") == resource.Namespaced;
        return Has(rule, "operations", attributes.Operation) && Has(rule, "apiGroups", resource.Group)
            && Has(rule, "apiVersions", resource.Version) && Has(rule, "resources", resource.Plural) && scopeMatches;
    }
}
