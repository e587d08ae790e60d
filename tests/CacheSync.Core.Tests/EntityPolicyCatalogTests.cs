using CacheSync.Core.Policies;
using Microsoft.Extensions.Options;
using static CacheSync.Core.Tests.TestSetup;

namespace CacheSync.Core.Tests;

/// <summary>Policy validation names every bad setting by its configuration path; compilation turns valid options into policies.</summary>
public sealed class EntityPolicyCatalogTests
{
    private const string UserModelPath = "CacheSync:Entities:user_model";

    private static CacheSyncOptions WithOnePolicy(string name, EntityPolicyOptions policy)
    {
        var options = new CacheSyncOptions();
        options.Entities[name] = policy;
        return options;
    }

    private static EntityPolicyOptions Policy(string cacheKey = "user_model:{key}") => new() { CacheKey = cacheKey };

    // --- Validate --------------------------------------------------------------------------------------------

    [Test]
    public void Test_options_are_valid()
    {
        Assert.That(EntityPolicyCatalog.Validate(CreateOptions()), Is.Empty);
    }

    [Test]
    public void Minimal_policy_is_valid()
    {
        Assert.That(EntityPolicyCatalog.Validate(WithOnePolicy("user_model", Policy())), Is.Empty);
    }

    [Test]
    public void No_entities_is_an_error()
    {
        var errors = EntityPolicyCatalog.Validate(new CacheSyncOptions());

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("CacheSync:Entities:").And.Contain("no entity policies"));
    }

    [TestCase("user model")]
    [TestCase("user/model")]
    [TestCase("user{model}")]
    [TestCase("user:model")]
    [TestCase("")]
    public void Bad_entity_name_is_an_error(string name)
    {
        var policy = Policy();
        policy.Table = "user_model";

        var errors = EntityPolicyCatalog.Validate(WithOnePolicy(name, policy));

        Assert.That(errors, Is.EqualTo(new[] { $"CacheSync:Entities:{name}: the entity name must match ^[A-Za-z0-9_.-]{{1,128}}$." }));
    }

    [Test]
    public void Entity_name_longer_than_128_characters_is_an_error()
    {
        var name = new string('e', 129);
        var policy = Policy();
        policy.Table = "user_model";

        var errors = EntityPolicyCatalog.Validate(WithOnePolicy(name, policy));

        Assert.That(errors, Has.Exactly(1).StartsWith($"CacheSync:Entities:{name}: the entity name"));
    }

    [TestCase("user-model.v2")]
    [TestCase("A")]
    [TestCase("0_9")]
    public void Entity_name_with_dots_and_dashes_is_valid_with_an_explicit_table(string name)
    {
        var policy = Policy();
        policy.Table = "user_model";

        Assert.That(EntityPolicyCatalog.Validate(WithOnePolicy(name, policy)), Is.Empty);
    }

    [Test]
    public void Entity_name_that_is_not_a_table_name_needs_an_explicit_table()
    {
        var errors = EntityPolicyCatalog.Validate(WithOnePolicy("user-model", Policy()));

        Assert.That(errors, Is.EqualTo(new[] { "CacheSync:Entities:user-model:Table: 'user-model' must match ^[A-Za-z_][A-Za-z0-9_]{0,47}$." }));
    }

    [Test]
    public void Empty_policy_is_an_error()
    {
        var options = new CacheSyncOptions();
        options.Entities["user_model"] = null!;

        Assert.That(EntityPolicyCatalog.Validate(options), Is.EqualTo(new[] { $"{UserModelPath}: the policy is empty." }));
    }

    [TestCase("audit:{data.tenant}:{key}")]
    [TestCase("user:{key}:v{version}")]
    public void Cache_key_that_would_change_with_the_record_is_an_error(string template)
    {
        var policy = Policy();
        policy.CacheKey = template;

        var errors = EntityPolicyCatalog.Validate(WithOnePolicy("user_model", policy));

        Assert.That(errors, Has.Some.StartsWith($"{UserModelPath}:CacheKey: may use only {{key}} and {{entity}}"));
    }

    [TestCase("Sideways")]
    [TestCase("")]
    [TestCase("99")]
    [TestCase("1")]
    [TestCase("-1")]
    [TestCase("WriteThrough,WriteAround")]
    [TestCase("WriteAround,WriteAround")]
    [TestCase(null)]
    public void Strategy_that_is_not_a_known_name_is_an_error(string? strategy)
    {
        var policy = Policy();
        policy.Strategy = strategy!;

        var errors = EntityPolicyCatalog.Validate(WithOnePolicy("user_model", policy));

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"{UserModelPath}:Strategy: '{strategy}'").And.Contain("WriteThrough or WriteAround"));
    }

    [TestCase("WriteThrough")]
    [TestCase("WriteAround")]
    [TestCase("writearound")]
    [TestCase("WRITETHROUGH")]
    public void Strategy_name_is_valid_in_any_case(string strategy)
    {
        var policy = Policy();
        policy.Strategy = strategy;

        Assert.That(EntityPolicyCatalog.Validate(WithOnePolicy("user_model", policy)), Is.Empty);
    }

    [TestCase("", "must not be empty")]
    [TestCase("user:{nope}", "unknown placeholder '{nope}'")]
    [TestCase("user:{key", "unmatched '{'")]
    [TestCase("user {key}", "space or control character")]
    public void Bad_cache_key_template_is_an_error_naming_the_setting(string cacheKey, string why)
    {
        var errors = EntityPolicyCatalog.Validate(WithOnePolicy("user_model", Policy(cacheKey)));

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"{UserModelPath}:CacheKey: the template ").And.Contain(why));
    }

    [Test]
    public void Bad_dependent_key_template_is_an_error_naming_its_index()
    {
        var policy = Policy();
        policy.DependentKeys.Add("user:{data.user_id}:models");
        policy.DependentKeys.Add("team:{data.team_id");
        policy.DependentKeys.Add("org:{orgid}");

        var errors = EntityPolicyCatalog.Validate(WithOnePolicy("user_model", policy));

        Assert.That(errors, Has.Count.EqualTo(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors[0], Does.StartWith($"{UserModelPath}:DependentKeys:1: the template ").And.Contain("unmatched '{'"));
            Assert.That(errors[1], Does.StartWith($"{UserModelPath}:DependentKeys:2: the template ").And.Contain("unknown placeholder"));
        }
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void Ttl_that_is_not_positive_is_an_error(int seconds)
    {
        var policy = Policy();
        policy.Ttl = TimeSpan.FromSeconds(seconds);

        Assert.That(EntityPolicyCatalog.Validate(WithOnePolicy("user_model", policy)),
            Is.EqualTo(new[] { $"{UserModelPath}:Ttl: must be positive, or left out for no expiry." }));
    }

    [Test]
    public void Missing_ttl_means_no_expiry_and_is_valid()
    {
        var policy = Policy();
        policy.Ttl = null;

        Assert.That(EntityPolicyCatalog.Validate(WithOnePolicy("user_model", policy)), Is.Empty);
    }

    [TestCase("users; drop")]
    [TestCase("users; DROP TABLE users")]
    [TestCase("1users")]
    [TestCase("user-model")]
    [TestCase("\"users\"")]
    [TestCase("")]
    public void Bad_table_name_is_an_error(string table)
    {
        var policy = Policy();
        policy.Table = table;

        var errors = EntityPolicyCatalog.Validate(WithOnePolicy("user_model", policy));

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"{UserModelPath}:Table: '{table}' must match"));
    }

    [Test]
    public void Table_name_is_limited_to_48_characters()
    {
        var atLimit = Policy();
        atLimit.Table = "t" + new string('x', 47);
        var overLimit = Policy();
        overLimit.Table = "t" + new string('x', 48);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(EntityPolicyCatalog.Validate(WithOnePolicy("user_model", atLimit)), Is.Empty);
            Assert.That(EntityPolicyCatalog.Validate(WithOnePolicy("user_model", overLimit)), Has.One.Contains(":Table:"));
        }
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(2049)]
    public void MaxPayloadBytes_outside_one_to_MaxMessageBytes_is_an_error(int maxPayloadBytes)
    {
        var policy = Policy();
        policy.MaxPayloadBytes = maxPayloadBytes;
        var options = WithOnePolicy("user_model", policy);
        options.MaxMessageBytes = 2048;

        Assert.That(EntityPolicyCatalog.Validate(options),
            Is.EqualTo(new[] { $"{UserModelPath}:MaxPayloadBytes: must be between 1 and MaxMessageBytes (2048)." }));
    }

    [TestCase(1)]
    [TestCase(2048)]
    public void MaxPayloadBytes_within_bounds_is_valid(int maxPayloadBytes)
    {
        var policy = Policy();
        policy.MaxPayloadBytes = maxPayloadBytes;
        var options = WithOnePolicy("user_model", policy);
        options.MaxMessageBytes = 2048;

        Assert.That(EntityPolicyCatalog.Validate(options), Is.Empty);
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Empty_required_field_name_is_an_error(string field)
    {
        var policy = Policy();
        policy.Required.Add("user_id");
        policy.Required.Add(field);

        Assert.That(EntityPolicyCatalog.Validate(WithOnePolicy("user_model", policy)),
            Is.EqualTo(new[] { $"{UserModelPath}:Required: field names must not be empty." }));
    }

    [Test]
    public void Every_problem_of_every_entity_is_reported()
    {
        var options = CreateOptions();
        options.Entities["user_model"].Ttl = TimeSpan.Zero;
        options.Entities["user_model"].Table = "users; drop";
        options.Entities["audit_entry"].CacheKey = "audit:{nope}";
        options.Entities["audit_entry"].Strategy = "Sideways";

        var errors = EntityPolicyCatalog.Validate(options);

        Assert.That(errors, Has.Count.EqualTo(4));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Entities:user_model:Ttl:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Entities:user_model:Table:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Entities:audit_entry:CacheKey:"));
        Assert.That(errors, Has.Some.StartsWith("CacheSync:Entities:audit_entry:Strategy:"));
    }

    [Test]
    public void Validate_rejects_null_options()
    {
        Assert.That(() => EntityPolicyCatalog.Validate(null!), Throws.ArgumentNullException);
    }

    // --- Compile and FromOptions -----------------------------------------------------------------------------

    [Test]
    public void Compile_throws_an_options_validation_exception_listing_every_failure()
    {
        var options = CreateOptions();
        options.Entities["user_model"].Ttl = TimeSpan.FromSeconds(-1);
        options.Entities["audit_entry"].MaxPayloadBytes = 0;
        var expected = EntityPolicyCatalog.Validate(options);

        var ex = Assert.Throws<OptionsValidationException>(() => EntityPolicyCatalog.Compile(options));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.Failures, Is.EqualTo(expected));
            Assert.That(ex.Failures.Count(), Is.EqualTo(2));
            Assert.That(ex.OptionsName, Is.EqualTo(CacheSyncOptions.SectionName));
            Assert.That(ex.OptionsType, Is.EqualTo(typeof(CacheSyncOptions)));
            Assert.That(ex.Message, Does.Contain("CacheSync:Entities:user_model:Ttl").And.Contain("CacheSync:Entities:audit_entry:MaxPayloadBytes"));
        }
    }

    [Test]
    public void FromOptions_throws_for_invalid_options()
    {
        Assert.That(() => EntityPolicyCatalog.FromOptions(new CacheSyncOptions()), Throws.InstanceOf<OptionsValidationException>());
    }

    [Test]
    public void Compile_copies_every_setting_into_the_policy()
    {
        var policies = EntityPolicyCatalog.Compile(CreateOptions());
        var userModel = policies.Single(p => p.Entity == UserModel);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(policies, Has.Count.EqualTo(2));
            Assert.That(userModel.Strategy, Is.EqualTo(CacheStrategy.WriteThrough));
            Assert.That(userModel.CacheKey.Text, Is.EqualTo("user_model:{key}"));
            Assert.That(userModel.Ttl, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(userModel.DependentKeys.Select(t => t.Text), Is.EqualTo(new[] { "user:{data.user_id}:models" }));
            Assert.That(userModel.Required, Is.EqualTo(new[] { "user_id" }));
            Assert.That(userModel.MaxPayloadBytes, Is.EqualTo(1024));
            Assert.That(userModel.DependentKeysNeedData, Is.True);
        }
    }

    [Test]
    public void Table_defaults_to_the_entity_name()
    {
        var policies = EntityPolicyCatalog.Compile(CreateOptions());

        Assert.That(policies.Select(p => (p.Entity, p.Table)), Is.EquivalentTo(new[] { (UserModel, UserModel), (AuditEntry, AuditEntry) }));
    }

    [Test]
    public void Explicit_table_is_kept()
    {
        var options = CreateOptions();
        options.Entities[AuditEntry].Table = "audit_log";

        var audit = EntityPolicyCatalog.Compile(options).Single(p => p.Entity == AuditEntry);

        Assert.That(audit.Table, Is.EqualTo("audit_log"));
    }

    [Test]
    public void Strategy_text_compiles_to_the_enum_in_any_case()
    {
        var options = CreateOptions();
        options.Entities[AuditEntry].Strategy = "writearound";

        var audit = EntityPolicyCatalog.Compile(options).Single(p => p.Entity == AuditEntry);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(audit.Strategy, Is.EqualTo(CacheStrategy.WriteAround));
            Assert.That(audit.DependentKeysNeedData, Is.False);
            Assert.That(audit.Ttl, Is.Null);
        }
    }

    [Test]
    public void Compiled_policy_does_not_change_when_the_options_do()
    {
        var options = CreateOptions();
        var catalog = EntityPolicyCatalog.FromOptions(options);

        options.Entities[UserModel].Required.Add("name");
        options.Entities[UserModel].DependentKeys.Add("all:models");

        Assert.That(catalog.TryGet(UserModel, out var policy), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(policy!.Required, Is.EqualTo(new[] { "user_id" }));
            Assert.That(policy.DependentKeys, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public void Catalog_finds_policies_by_exact_entity_name()
    {
        var catalog = EntityPolicyCatalog.FromOptions(CreateOptions());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(catalog.All.Select(p => p.Entity), Is.EquivalentTo(new[] { UserModel, AuditEntry }));
            Assert.That(catalog.TryGet(AuditEntry, out var audit), Is.True);
            Assert.That(audit?.Entity, Is.EqualTo(AuditEntry));
            Assert.That(catalog.TryGet("invoice", out var missing), Is.False);
            Assert.That(missing, Is.Null);
            Assert.That(catalog.TryGet("USER_MODEL", out _), Is.False);
        }
    }
}
