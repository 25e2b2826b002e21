using System.Text.Json.Nodes;

namespace Kabin.LocalCluster;

/// <summary>One write as admission sees it: the operation, the object after it (null for DELETE), the object before it (null for CREATE), who asked, and whether it is a dry run.</summary>
internal sealed record AdmissionAttributes(string Operation, ObjectKey Key, JsonObject? Object, JsonObject? OldObject, UserInfo User, bool DryRun);
