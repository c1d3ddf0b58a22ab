package curl

import (
	"encoding/json"
	"fmt"
	"strings"

	"codedesk/model"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// maxFlatBytes bounds the parameters a JSON body becomes, names and values
// together: names repeat their parents' names, so a small body could
// otherwise become a huge form.
const maxFlatBytes = 1 << 20

// flattenJSON turns a JSON object into bracket-named parameters:
// {"params": {"validity": 1440}, "ids": [1, 2]} → params[validity]=1440,
// ids[0]=1, ids[1]=2. Keys keep their order in the text. It reads the body
// once, at most jsonx.MaxDepth levels deep, and builds at most
// maxFlatBytes of parameters.
func flattenJSON(body string) ([]model.Param, error) {
	if !strings.HasPrefix(strings.TrimSpace(body), "{") {
		return nil, errNotObject
	}
	f := flattener{dec: json.NewDecoder(strings.NewReader(body))}
	f.dec.UseNumber()
	if err := f.value(0); err != nil {
		return nil, err
	}
	return f.out, nil
}

// flattener walks the tokens of a JSON body; name is the name of the
// parameter being read, grown and cut back as the walk goes in and out.
type flattener struct {
	dec  *json.Decoder
	name []byte
	out  []model.Param
	size int
}

func (f *flattener) value(depth int) error {
	tok, err := f.dec.Token()
	if err != nil {
		return jsonError(err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth == jsonx.MaxDepth {
			return fmt.Errorf("тело JSON вложено глубже %d уровней: так вызовы API не выглядят", jsonx.MaxDepth)
		}
		if t == '{' {
			return f.object(depth + 1)
		}
		return f.array(depth + 1)
	case nil:
		return f.emit("")
	case bool:
		if t {
			return f.emit("1")
		}
		return f.emit("0")
	case json.Number:
		return f.emit(t.String())
	case string:
		return f.emit(t)
	}
	return nil
}

func (f *flattener) object(depth int) error {
	mark := len(f.name)
	for f.dec.More() {
		tok, err := f.dec.Token()
		if err != nil {
			return jsonError(err)
		}
		key, _ := tok.(string)
		f.name = f.name[:mark]
		if mark == 0 {
			f.name = append(f.name, key...)
		} else {
			f.name = append(append(append(f.name, '['), key...), ']')
		}
		if err := f.value(depth); err != nil {
			return err
		}
	}
	f.name = f.name[:mark]
	return f.end()
}

func (f *flattener) array(depth int) error {
	mark := len(f.name)
	for i := 0; f.dec.More(); i++ {
		f.name = fmt.Appendf(f.name[:mark], "[%d]", i)
		if err := f.value(depth); err != nil {
			return err
		}
	}
	f.name = f.name[:mark]
	return f.end()
}

// end reads the closing bracket of a container.
func (f *flattener) end() error {
	if _, err := f.dec.Token(); err != nil {
		return jsonError(err)
	}
	return nil
}

// emit adds the parameter being read with its value.
func (f *flattener) emit(value string) error {
	f.size += len(f.name) + len(value)
	if f.size > maxFlatBytes {
		return fmt.Errorf("тело JSON раскладывается в параметры длиннее %d КиБ: так вызовы API не выглядят", maxFlatBytes>>10)
	}
	f.out = append(f.out, model.Param{Key: string(f.name), Value: value})
	return nil
}

// jsonError says why a body is not JSON, inert and without a key.
func jsonError(err error) error {
	return fmt.Errorf("тело JSON не разобрать: %s", safe.Line(safe.MaskSecrets(err.Error())))
}
