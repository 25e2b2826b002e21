namespace Kabin.LocalCluster;

/// <summary>
/// Field numbers of the messages kubectl's typed clients send as protobuf (from Kubernetes'
/// generated.proto files): the objects of <c>kubectl create namespace|serviceaccount|configmap|secret</c>,
/// SelfSubjectAccessReview (<c>kubectl auth can-i</c>), SubjectAccessReview and TokenReview.
/// </summary>
internal static class ProtoSchemas
{
    private static readonly Dictionary<int, ProtoField> ObjectMeta = Fields(
        new(1, "name", ProtoKind.String), new(2, "generateName", ProtoKind.String), new(3, "namespace", ProtoKind.String),
        new(5, "uid", ProtoKind.String), new(6, "resourceVersion", ProtoKind.String), new(7, "generation", ProtoKind.Int),
        new(10, "deletionGracePeriodSeconds", ProtoKind.Int), new(11, "labels", ProtoKind.StringMap),
        new(12, "annotations", ProtoKind.StringMap), new(14, "finalizers", ProtoKind.String, Repeated: true));

    private static readonly Dictionary<int, ProtoField> ResourceAttributes = Fields(
        new(1, "namespace", ProtoKind.String), new(2, "verb", ProtoKind.String), new(3, "group", ProtoKind.String),
        new(4, "version", ProtoKind.String), new(5, "resource", ProtoKind.String), new(6, "subresource", ProtoKind.String),
        new(7, "name", ProtoKind.String));

    private static readonly Dictionary<int, ProtoField> NonResourceAttributes = Fields(new ProtoField(1, "path", ProtoKind.String), new ProtoField(2, "verb", ProtoKind.String));

    private static readonly Dictionary<int, ProtoField> AccessReviewSpec = Fields(
        new(1, "resourceAttributes", ProtoKind.Message, ResourceAttributes), new(2, "nonResourceAttributes", ProtoKind.Message, NonResourceAttributes),
        new(3, "user", ProtoKind.String), new(4, "groups", ProtoKind.String, Repeated: true), new(6, "uid", ProtoKind.String));

    private static readonly Dictionary<string, Dictionary<int, ProtoField>> ByKind = new(StringComparer.Ordinal)
    {
        ["v1/Namespace"] = Fields(Meta(), new(2, "spec", ProtoKind.Message, Fields(new ProtoField(1, "finalizers", ProtoKind.String, Repeated: true)))),
        ["v1/ServiceAccount"] = Fields([Meta()]),
        ["v1/ConfigMap"] = Fields(Meta(), new(2, "data", ProtoKind.StringMap)),
        ["v1/Secret"] = Fields(Meta(), new(3, "type", ProtoKind.String), new(4, "stringData", ProtoKind.StringMap)),
        ["authorization.k8s.io/v1/SelfSubjectAccessReview"] = Fields(Meta(), new(2, "spec", ProtoKind.Message, Fields(
            new(1, "resourceAttributes", ProtoKind.Message, ResourceAttributes), new(2, "nonResourceAttributes", ProtoKind.Message, NonResourceAttributes)))),
        ["authorization.k8s.io/v1/SubjectAccessReview"] = Fields(Meta(), new(2, "spec", ProtoKind.Message, AccessReviewSpec)),
        ["authorization.k8s.io/v1/LocalSubjectAccessReview"] = Fields(Meta(), new(2, "spec", ProtoKind.Message, AccessReviewSpec)),
        ["authentication.k8s.io/v1/TokenReview"] = Fields(Meta(), new(2, "spec", ProtoKind.Message, Fields(new ProtoField(1, "token", ProtoKind.String), new(2, "audiences", ProtoKind.String, Repeated: true)))),
        ["authentication.k8s.io/v1/SelfSubjectReview"] = Fields([Meta()]),
    };

    public static IReadOnlyDictionary<int, ProtoField>? Of(string apiVersion, string kind) =>
        ByKind.GetValueOrDefault($"{apiVersion}/{kind}");

    private static ProtoField Meta() => new(1, "metadata", ProtoKind.Message, ObjectMeta);

    private static Dictionary<int, ProtoField> Fields(params ProtoField[] fields) => fields.ToDictionary(f => f.Number);
}
