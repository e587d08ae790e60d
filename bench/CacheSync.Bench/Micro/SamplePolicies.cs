using CacheSync.Core.Policies;

namespace CacheSync.Bench.Micro;

/// <summary>The entity policies of the worker's shipped appsettings.json, compiled the way the worker compiles them.</summary>
internal static class SamplePolicies
{
    public static EntityPolicyCatalog Catalog()
    {
        var options = new CacheSyncOptions();
        var userModel = new EntityPolicyOptions
        {
            Strategy = nameof(CacheStrategy.WriteThrough),
            CacheKey = "user_model:{key}",
            Ttl = TimeSpan.FromHours(1),
            MaxPayloadBytes = SamplePayloads.Large,
        };
        userModel.DependentKeys.Add("user:{data.user_id}:models");
        userModel.Required.Add("user_id");
        options.Entities[SamplePayloads.Entity] = userModel;
        options.Entities["audit_entry"] = new EntityPolicyOptions
        {
            Strategy = nameof(CacheStrategy.WriteAround),
            CacheKey = "audit_entry:{key}",
            MaxPayloadBytes = 16 * 1024,
        };
        return EntityPolicyCatalog.FromOptions(options);
    }
}
