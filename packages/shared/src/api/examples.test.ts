// The official request/response examples quoted in ess-api.md §7 (S3 examples.json), one per action.
// Where the document elides parts of an example with "…", the elided ids/names are filled with values
// of the documented shape; every field name and every value that is quoted is kept as quoted.
import { describe, expect, it } from 'vitest';
import { ESS_ACTIONS, type EssActionName, schemas } from './index.js';

const OPERATOR = { UserId: 'yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy' };
const FLOW_ID = 'yDwFmUUckpstqfvzUE1h3jo1f3cqjkGm';
const REQUEST_ID = 's1692184714668577966';

const examples: Record<EssActionName, { request: unknown; response: unknown }> = {
  UploadFiles: {
    request: {
      BusinessType: 'DOCUMENT',
      Caller: { OperatorId: '88fb0c591044be771f60aa382cc5ed0e' },
      FileInfos: [{ FileBody: '6KaB5pS+5paH5Lu255qE5YaF5a65', FileName: 'test.pdf' }],
      FileType: 'PDF',
      CoverRect: true,
    },
    response: {
      FileIds: ['yDRSRUUgygj6rq7wUuO4zjECxndqQApl'],
      TotalCount: 1,
      RequestId: 'fc6c2e4b-3f0b-402c-91a4-d74e9e96369e',
    },
  },
  CreateFlowByFiles: {
    request: {
      Operator: OPERATOR,
      FlowName: '2013年采购西红柿合同',
      FileIds: ['yDRS4UUgygqdcj2tUuO4zjEEFuP35Swc'],
      Approvers: [
        {
          ApproverType: 0,
          OrganizationName: '典子谦示例企业',
          ApproverName: '典子谦',
          ApproverMobile: '13200000000',
          NotifyType: 'NONE',
          SignComponents: [
            {
              ComponentType: 'SIGN_SEAL',
              FileIndex: 0,
              ComponentPage: 1,
              ComponentPosX: 160,
              ComponentPosY: 260,
              ComponentWidth: 100,
              ComponentHeight: 100,
            },
          ],
        },
        {
          ApproverType: 1,
          ApproverName: '张三',
          ApproverMobile: '18888888888',
          NotifyType: 'sms',
          SignComponents: [
            {
              ComponentType: 'SIGN_SIGNATURE',
              FileIndex: 0,
              ComponentPage: 1,
              ComponentPosX: 160,
              ComponentPosY: 460,
              ComponentWidth: 100,
              ComponentHeight: 100,
            },
          ],
        },
      ],
    },
    response: {
      Approvers: [
        { SignId: '', RecipientId: 'yDw7hUUckpwi0s2nUuO4zjEwXiCl7RBK', ApproverRoleName: '甲方' },
        { SignId: '', RecipientId: 'yDw7hUUckpwi0s2oUuO4zjEz7gJcCfMz', ApproverRoleName: '乙方' },
      ],
      FlowId: 'yDwqkUUckpwi0s2pUuO4zjE7HxqEvo9f',
      PreviewUrl: '',
      RequestId: REQUEST_ID,
    },
  },
  DescribeFlowTemplates: {
    request: {
      Operator: OPERATOR,
      Filters: [{ Key: 'template-id', Values: ['yDSLKUUckpoqt3vzUP7DfuSBwaJfz7M1'] }],
    },
    response: { Templates: [], TotalCount: 0, RequestId: REQUEST_ID },
  },
  CreateFlow: {
    request: {
      Operator: OPERATOR,
      FlowName: '张三的入职合同',
      Unordered: false,
      DeadLine: 1604912664,
      Approvers: [
        {
          ApproverType: 0,
          OrganizationName: '典子谦示例企业',
          Required: true,
          ApproverName: '典子谦',
          ApproverMobile: '13200000000',
        },
        { ApproverType: 1, Required: true, ApproverName: '张三', ApproverMobile: '18888888888' },
      ],
    },
    response: { FlowId: 'yDwfGUUckps86q8kUoTIbgRXTZbVk9I2', RequestId: REQUEST_ID },
  },
  CreateDocument: {
    request: {
      Operator: OPERATOR,
      TemplateId: 'yDCj7UUckp4b4ga6UCJQtCwIZllHtJ6B',
      FlowId: 'yDCVNUUckpw3nnnyUVScgTvSA1IaZgM7',
      FileNames: ['入职合同'],
      FormFields: [{ ComponentName: 'ComponentName', ComponentValue: 'ComponentValue' }],
    },
    response: {
      Approvers: [
        {
          ApproverRoleName: '甲方',
          RecipientId: 'yDRvoUUckp7f8w6uUuBHsZJd9KcpXpMH',
          SignId: 'yDw7hUUckp77a2omUyEmko88eg49PTsN',
        },
      ],
      DocumentId: 'yDxZ1UyKQDSIMfUuO4zjEw2TyqzKEs16',
      PreviewFileUrl: '',
      RequestId: REQUEST_ID,
    },
  },
  StartFlow: {
    request: { Operator: OPERATOR, FlowId: 'yDwFk************qS26' },
    response: { Status: 'START', RequestId: REQUEST_ID },
  },
  CreateMultiFlowSignQRCode: {
    request: {
      Operator: OPERATOR,
      TemplateId: 'yDRS*******P35Swc',
      FlowName: '签到合同',
      MaxFlowNum: 5,
      FlowEffectiveDay: 7,
      QrEffectiveDay: 7,
    },
    response: {
      QrCode: {
        ExpiredTime: 1695783727,
        QrCodeId: 'yDwJNUUckpkoj9mdUIJN2kC7XWFFaSuR',
        QrCodeUrl:
          'https://dyn.test.ess.tencent.cn/imgs/multiSignQrCodes/QrCode/yDwJNUUckpkoj9mdUIJN2kC7XWFFaSuR.png',
        WeixinQrCodeUrl:
          'https://file.ess.tencent.cn/bresource/resource/yDwJNUUckpkoj9mdUIJN2kC7XWFFaSuR.png',
      },
      SignUrls: {
        AppSignUrl:
          'pages/guide?from=default&where=mini&autoJumpBack=true&to=CHANNEL_CONTRACT_COVER&qrCodeId=yDwJNUUckpkoj9mdUIJN2kC7XWFFaSuR&expiredTime=1695783727',
        EffectiveTime: '',
        HttpSignUrl:
          'https://res.ess.tencent.cn/cdn/h5-activity-dev/jump-mp.html?where=mini&from=MSG&to=CHANNEL_CONTRACT_COVER&qrCodeId=yDwJNUUckpkoj9mdUIJN2kC7XWFFaSuR&expiredTime=1695783727',
      },
      RequestId: REQUEST_ID,
    },
  },
  CancelMultiFlowSignQRCode: {
    request: { Operator: OPERATOR, QrCodeId: 'yDR***********Apl' },
    response: { RequestId: REQUEST_ID },
  },
  DescribeOrganizationSeals: {
    request: {
      Operator: OPERATOR,
      Limit: 10,
      Offset: 0,
      InfoType: 1,
      SealTypes: ['OFFICIAL'],
      SealStatuses: ['ALL'],
    },
    response: {
      Seals: [
        {
          AuthorizedUsers: [{ UserId: 'yDtwEUUckp7f8w6uUuBHsZJd9KcpXpMH' }],
          CreateOn: 1628061951,
          Creator: 'yDw6yUUgyg3caowzUx4GQptRKfMnJqX8',
          FailReason: '',
          IsAllTime: true,
          SealId: 'yDtwLUUckp79rcc2UuSIlvCCkIZsXxFY',
          SealName: '张三示例企业公章',
          SealPolicyId: '',
          SealStatus: 'SUCCESS',
          SealType: '',
          Url: 'https://file.cn/sealid.jpg',
        },
      ],
      TotalCount: 40,
      RequestId: REQUEST_ID,
    },
  },
  DescribeFlowInfo: {
    request: { Operator: OPERATOR, FlowIds: ['yDRCLUUgygq2xun5UuO4zjEwg0vjoimj'] },
    response: {
      FlowDetailInfos: [
        {
          CcInfos: [],
          CreatedOn: 1606910798,
          Creator: 'yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy',
          FlowApproverInfos: [
            {
              ApproveMessage: '',
              ApproveName: '张三',
              ApproveStatus: 2,
              ApproveTime: 0,
              ApproveType: 'PERSON',
              ApproverSource: '',
              CustomApproverTag: '',
              CustomUserId: '',
              Mobile: '1320****000',
              OrganizationId: '',
              OrganizationName: '',
              ReceiptId: 'yDw6yUUgyg3caowzUx4GQptRKfMnJqX8',
              RecipientId: 'yDw6yUUgyg3caowzUx4GQptRKfMnJqX8',
              SignId: 'yDtwLUUckp79rcc2UuSIlvCCkIZsXxFY',
              SignOrder: 0,
            },
          ],
          FlowDescription: '测试流程的描述信息',
          FlowId: 'yDRCLUUgygq2xun5UuO4zjEwg0vjoimj',
          FlowMessage: '',
          FlowName: '购买50吨西瓜的采购合同',
          FlowStatus: 1,
          FlowType: '入职合同',
        },
      ],
      FlowGroupId: '',
      FlowGroupName: '',
      RequestId: REQUEST_ID,
    },
  },
  CreateSchemeUrl: {
    request: {
      Operator: OPERATOR,
      FlowId: FLOW_ID,
      EndPoint: 'APP',
      PathType: 1,
      AutoJumpBack: true,
      Name: '典子谦',
      Mobile: '13200000000',
    },
    response: {
      SchemeUrl: `pages/guide?from=default&where=mini&id=${FLOW_ID}&to=CONTRACT_DETAIL&name=%E5%85%B8&phone=13200000000&autoJumpBack=true&shortKey=yDwq5Uu`,
      SchemeQrcodeUrl: '',
      RequestId: REQUEST_ID,
    },
  },
  DescribeOrganizationGroupOrganizations: {
    request: { Operator: OPERATOR, Limit: 100, Offset: 0, Status: 5 },
    response: {
      Total: 1,
      JoinedTotal: 10,
      ActivatedTotal: 50,
      ExportUrl: '',
      List: [
        {
          Name: '张三示例企业',
          Alias: '张三示例企业',
          OrganizationId: 'yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP',
          UpdateTime: 1736751627,
          Status: 5,
          IsMainOrganization: false,
          IdCardNumber: '91110108772551611J',
          AdminInfo: { Name: '张三', Mobile: '1888****888' },
          License: '企业许可证Id',
          LicenseExpireTime: 1736751627,
          JoinTime: 1736751627,
          FlowEngineEnable: true,
        },
      ],
      RequestId: REQUEST_ID,
    },
  },
  DescribeFileUrls: {
    request: { Operator: OPERATOR, BusinessType: 'FLOW', BusinessIds: [FLOW_ID], FileType: 'PDF' },
    response: {
      FileUrls: [
        {
          Option: '["595.00,841.00","-1"]',
          Url: `https://file.test.ess.tencent.cn/file/FLOW/${FLOW_ID}/0/0.PDF?hkey=0123456789abcdef`,
        },
      ],
      TotalCount: 1,
      RequestId: REQUEST_ID,
    },
  },
  DescribeFlowBriefs: {
    request: { Operator: OPERATOR, FlowIds: ['yDRCLUUgygq2xun5UuO4zjEwg0vjoimj'] },
    response: {
      FlowBriefs: [
        {
          FlowId: 'yDRCLUUgygq2xun5UuO4zjEwg0vjoimj',
          FlowName: '测试合同-1',
          FlowDescription: '测试流程的描述信息',
          FlowType: '入职合同',
          FlowStatus: 1,
          CreatedOn: 1604910798,
          FlowMessage: '',
          Deadline: 1606910798,
          Creator: 'yDxVwUyKQWho8CUuO4zjEyQOAgwvr4Zy',
        },
      ],
      RequestId: 's123456789',
    },
  },
  CancelFlow: {
    request: { Operator: OPERATOR, FlowId: FLOW_ID, CancelMessage: '这个合同里边的付款金额写错' },
    response: { RequestId: REQUEST_ID },
  },
};

describe('official examples (ess-api.md §7)', () => {
  it('cover all 15 actions', () => {
    expect(Object.keys(examples).sort()).toEqual([...ESS_ACTIONS].sort());
    expect(Object.keys(schemas).sort()).toEqual([...ESS_ACTIONS].sort());
  });

  describe.each(ESS_ACTIONS)('%s', (action) => {
    const { request, response } = examples[action];
    it('request parses with the lenient and the strict schema', () => {
      expect(schemas[action].request.safeParse(request).error).toBeUndefined();
      expect(schemas[action].requestStrict.safeParse(request).error).toBeUndefined();
      // Parsing keeps the example intact: nothing is stripped or rewritten.
      expect(schemas[action].requestStrict.parse(request)).toEqual(request);
    });
    it('response parses', () => {
      expect(schemas[action].response.safeParse(response).error).toBeUndefined();
    });
    it('a request without its required fields is refused', () => {
      const result = schemas[action].request.safeParse({});
      // Every action has at least one required input (Operator or BusinessType), except
      // DescribeFlowInfo whose inputs are all optional in the spec.
      if (action === 'DescribeFlowInfo') expect(result.success).toBe(true);
      else expect(result.success).toBe(false);
    });
    it('a response without RequestId is refused', () => {
      const { RequestId: _, ...rest } = response as { RequestId: string };
      expect(schemas[action].response.safeParse(rest).success).toBe(false);
    });
  });
});

describe('the guide’s own request shapes (integration-guide.txt)', () => {
  it('FIELD and KEYWORD components without coordinates are accepted', () => {
    const request = {
      ...(examples.CreateFlowByFiles.request as object),
      Approvers: [
        {
          ApproverType: 3,
          SignComponents: [
            { GenerateMode: 'FIELD', ComponentName: 'seal', FileIndex: 0, ComponentType: 'SIGN_SEAL' },
            {
              GenerateMode: 'KEYWORD',
              ComponentId: 'Test',
              FileIndex: 0,
              ComponentType: 'SIGN_SEAL',
              ComponentWidth: 100,
              ComponentHeight: 100,
              OffsetX: 100.5,
              OffsetY: 200.5,
              ComponentValue: 'yDSxWUUckptu4clgUuLlo0OwJKbYCO48',
            },
            { GenerateMode: 'KEYWORD', ComponentId: '甲方', FileIndex: 0, ComponentType: 'SIGN_DATE' },
          ],
        },
      ],
    };
    expect(schemas.CreateFlowByFiles.requestStrict.safeParse(request).error).toBeUndefined();
  });

  it('the silent template signer {"ApproverType": 3} alone is a valid FlowCreateApprover', () => {
    const request = { Operator: OPERATOR, FlowName: '单B自动签署', Approvers: [{ ApproverType: 3 }] };
    expect(schemas.CreateFlow.requestStrict.safeParse(request).success).toBe(true);
  });

  it('the older parameters (ClientToken, FileNames, QrEffectiveDay, CallbackUrl, FileUrls, KeywordPage…) are known fields', () => {
    expect(
      schemas.CreateDocument.requestStrict.safeParse({
        ...(examples.CreateDocument.request as object),
        ClientToken: 'abc',
      }).success,
    ).toBe(true);
    expect(
      schemas.CreateMultiFlowSignQRCode.requestStrict.safeParse({
        ...(examples.CreateMultiFlowSignQRCode.request as object),
        CallbackUrl: 'https://callback.cn/callback',
        QrCodeExpiredOn: 1757416261,
      }).success,
    ).toBe(true);
    expect(
      schemas.UploadFiles.requestStrict.safeParse({ BusinessType: 'DOCUMENT', FileUrls: 'https://x/y.pdf' })
        .success,
    ).toBe(true);
    const keyword = {
      GenerateMode: 'KEYWORD',
      ComponentId: '^乙方^',
      FileIndex: 0,
      ComponentType: 'SIGN_SIGNATURE',
      KeywordPage: 1,
      KeywordIndexes: [0, 2],
      KeywordOrder: 'Reverse',
      RelativeLocation: 'LowerRight',
    };
    const approver = {
      ApproverType: 1,
      ApproverName: '张三',
      ApproverMobile: '18888888888',
      SignComponents: [keyword],
    };
    expect(
      schemas.CreateFlowByFiles.requestStrict.safeParse({
        ...(examples.CreateFlowByFiles.request as object),
        Approvers: [approver],
      }).error,
    ).toBeUndefined();
  });
});

describe('structures filled with the example column of ess-api.md §8', () => {
  const recipient = {
    RecipientId: 'yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP',
    RecipientType: 'ENTERPRISE',
    Description: '合同的甲方',
    RoleName: '甲方',
    RequireValidation: true,
    RequireSign: true,
    RoutingOrder: 1,
    RequireDelivery: true,
    Email: 'zhangsang@qq.com',
    Mobile: '18888888888',
    UserId: 'yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP',
    DeliveryMethod: 'EMAIL',
    RecipientExtra: '{"userData":"xxxx"}',
    ApproverVerifyTypes: [1],
    ApproverSignTypes: [1],
    NoTransfer: true,
  };
  const seal = {
    SealId: 'yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP',
    SealType: 'OFFICIAL',
    SealName: '张三示例企业公章',
  };
  const template = {
    TemplateId: 'yDSLKUUckpoqt3vzUP7DfuSBwaJfz7M1',
    TemplateName: '西红柿采购模板',
    Recipients: [recipient, { ...recipient, RecipientType: 'INDIVIDUAL', RoleName: '乙方', RoutingOrder: 2 }],
    Components: [
      {
        ComponentType: 'TEXT',
        ComponentId: 'ComponentId_01',
        ComponentName: 'price',
        ComponentRecipientId: 'yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP',
        FileIndex: 0,
        ComponentPage: 1,
        ComponentPosX: 100.1,
        ComponentPosY: 100.1,
        ComponentWidth: 119.1,
        ComponentHeight: 43.1,
        ComponentExtra: '{"FontColor":"255,0,0","FontSize":12}',
        IsFormType: false,
        ComponentRequired: true,
      },
    ],
    SignComponents: [],
    Description: '2023年西红柿采购模板',
    DocumentResourceIds: ['yDwJWUUcss36hUx8VMjPR4jOb5ugrMSx'],
    FileInfos: [
      {
        FileId: 'yDtwEUUckp7f8w6uUuBHsZJd9KcpXpMH',
        FileName: '入职合同.PDF',
        FileSize: 534543,
        CreatedOn: 1736751627,
      },
    ],
    AttachmentResourceIds: ['yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP'],
    SignOrder: [1],
    Status: 1,
    Creator: '张三',
    CreatedOn: 1736751627,
    Promoter: { ...recipient, RecipientType: 'PROMOTER', RoleName: '发起人' },
    TemplateType: 1,
    Available: 1,
    OrganizationId: 'yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP',
    CreatorId: 'yDw6yUUgyg3caowzUx4GQptRKfMnJqX8',
    PreviewUrl: '',
    UserFlowType: {
      UserFlowTypeId: 'yDCNsUUg9tk6n6UtJrNd1S1ueFygJh9D',
      Name: '分销合同',
      Description: '协议',
    },
    TemplateVersion: '20240205005',
    Published: true,
    ShareTemplateId: 'yDtwLUUckp79rcc2UuSIlvCCkIZsXxFY',
    TemplateSeals: [seal],
    Seals: null,
  };

  it('a full TemplateInfo parses (Seals may be null)', () => {
    const response = { Templates: [template], TotalCount: 1, RequestId: REQUEST_ID };
    expect(schemas.DescribeFlowTemplates.response.safeParse(response).error).toBeUndefined();
  });

  it('a TemplateInfo missing an always-present field or with a wrong Status is refused', () => {
    const { Recipients: _, ...noRecipients } = template;
    expect(
      schemas.DescribeFlowTemplates.response.safeParse({
        Templates: [noRecipients],
        TotalCount: 1,
        RequestId: 'r',
      }).success,
    ).toBe(false);
    const badStatus = { ...template, Status: 2 };
    expect(
      schemas.DescribeFlowTemplates.response.safeParse({
        Templates: [badStatus],
        TotalCount: 1,
        RequestId: 'r',
      }).success,
    ).toBe(false);
  });

  it('a FlowApproverDetail with ForwardRecords and an ENTERPRISESERVER approver parses', () => {
    const detail = (
      examples.DescribeFlowInfo.response as { FlowDetailInfos: { FlowApproverInfos: object[] }[] }
    ).FlowDetailInfos[0];
    const approver = {
      ...detail.FlowApproverInfos[0],
      ApproveType: 'ENTERPRISESERVER',
      ApproveStatus: 19,
      ForwardRecords: [
        {
          Name: '叶**',
          Mobile: '1*********0',
          ForwardType: 'FORWARD',
          ForwardMessage: '员工操作进行转交',
          ForwardTime: 1780000034,
        },
      ],
    };
    const response = {
      FlowDetailInfos: [{ ...detail, FlowApproverInfos: [approver], FlowStatus: 21 }],
      RequestId: REQUEST_ID,
    };
    expect(schemas.DescribeFlowInfo.response.safeParse(response).error).toBeUndefined();
  });
});
