package model

// The built-in sandbox's documented API keys (codedesk sandbox --help, the
// README). They are not in Mobizon's format on purpose: no real account
// has them.
const (
	SandboxKeyKZ      = "sandbox-kz-key"      // an account of the sandbox's kz region
	SandboxKeyUZ      = "sandbox-uz-key"      // an account of its uz region: 13 elsewhere
	SandboxKeyBlocked = "sandbox-blocked-key" // a blocked account: 14
)

// SandboxKey reports one of the sandbox's documented keys: settings that
// hold one are meant for the sandbox, so the warning that a key of another
// shape will be refused (code 8) does not apply to them.
func SandboxKey(key string) bool {
	return key == SandboxKeyKZ || key == SandboxKeyUZ || key == SandboxKeyBlocked
}
