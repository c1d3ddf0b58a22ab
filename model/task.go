package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// TaskStatusMethod is the method that reports a background task's state.
const TaskStatusMethod = "taskqueue/getStatus"

// TaskStatusRequest asks server for the state of background task id.
func TaskStatusRequest(server Server, id string) Request {
	return Request{Server: server, Module: "taskqueue", Method: "getStatus", Params: []Param{{Key: "id", Value: id}}}
}

// Task statuses reported by taskqueue/getStatus.
const (
	TaskFinished = 2
	TaskRejected = 3
)

// TaskState is the data of a taskqueue/getStatus answer.
type TaskState struct {
	Status   int `json:"status"`
	Progress int `json:"progress"` // 0..100
}

// Done reports whether the task has ended, well or not.
func (s TaskState) Done() bool { return s.Status == TaskFinished || s.Status == TaskRejected }

// ParseTaskState reads getStatus data leniently: numbers may be strings.
func ParseTaskState(data json.RawMessage) (TaskState, error) {
	var fields map[string]json.RawMessage
	if err := jsonx.Decode(data, &fields); err != nil {
		return TaskState{}, errors.New("data ответа getStatus — не объект {status, progress}")
	}
	status, ok := jsonx.Int(fields["status"])
	if !ok {
		return TaskState{}, errors.New("в data ответа getStatus нет числа status")
	}
	progress, _ := jsonx.Int(fields["progress"])
	return TaskState{Status: status, Progress: min(max(progress, 0), 100)}, nil
}

// MaxTaskIDLen bounds a task id: the API's are numbers of a few digits.
const MaxTaskIDLen = 64

// taskIDKeys are the fields of an object that may hold the id.
var taskIDKeys = []string{"id", "taskId", "task_id"}

var errNoTaskID = errors.New("в data нет ID задачи")

// TaskID reads the background task's id from the data of a code-100
// answer: a number or a string, or, to be ready for it, an object with an
// id field (objects in objects, at most jsonx.MaxDepth levels). The data is
// read once; an id that is long or not inert is refused, never cut, since
// a cut id would ask about another task.
func TaskID(data json.RawMessage) (string, error) {
	var v any
	if err := jsonx.Decode(data, &v); err != nil {
		if errors.Is(err, jsonx.ErrTooDeep) {
			return "", fmt.Errorf("%w: %w", errNoTaskID, err)
		}
		return "", errNoTaskID
	}
	for {
		switch x := v.(type) {
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64), nil
		case string:
			return checkTaskID(strings.TrimSpace(x))
		case map[string]any:
			v = nil
			for _, k := range taskIDKeys {
				if inner, ok := x[k]; ok {
					v = inner
					break
				}
			}
			if v != nil {
				continue
			}
		}
		return "", errNoTaskID
	}
}

// checkTaskID refuses what cannot be a task id of the API.
func checkTaskID(id string) (string, error) {
	switch {
	case id == "":
		return "", errNoTaskID
	case len(id) > MaxTaskIDLen:
		return "", fmt.Errorf("ID задачи длиннее %d символов — не похоже на ID: %s", MaxTaskIDLen, safe.Quote(id))
	case safe.Line(id) != id:
		return "", fmt.Errorf("в ID задачи управляющие или невидимые символы — не похоже на ID: %s", safe.Quote(id))
	}
	return id, nil
}
