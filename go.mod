module codedesk

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/kljensen/snowball v0.10.0
	github.com/yuin/goldmark v1.8.7
)
